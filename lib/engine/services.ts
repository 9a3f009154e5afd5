import type { Automation } from './automation.js';
import type { AutomationClass } from './definition.js';

/**
 * Services: the side effects a flow reaches (a mailer, an HTTP client, a database), given to
 * the engine when the automations are registered, as Temporal's activities are. A node reads
 * them as `task.services.mailer` (or `this.services` in a method); tests give fakes through
 * `createTestEnvironment({ services })`, so no module is ever mocked.
 *
 * An automation names the services it needs as its second type parameter
 * (`class Webinar extends Automation<WebinarData, { mailer: Mailer }>`); `ServicesFor` is what
 * a registry of automations needs together.
 */

/** The services an automation class declares (`Automation<D, S>`): S. */
export type ServicesOf<C> = C extends abstract new () => Automation<object, infer S> ? S : never;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Everything the automations in `A` need together. */
export type ServicesFor<A extends readonly AutomationClass[]> = [A[number]] extends [never] ? object : Intersection<ServicesOf<A[number]>> & object;

/** A service a node asked for was not given at registration. */
export class MissingServiceError extends Error {
  constructor(readonly service: string) {
    super(`No service "${service}" was given to the engine: pass it in \`services\` where the automations are registered (createRuntime, createTestEnvironment, new Engine)`);
    this.name = 'MissingServiceError';
  }
}

/** The services object nodes see: asking for one that was not given fails with its name, not with "undefined is not a function". */
export function serviceRegistry<S extends object>(services: S | undefined): S {
  const target = (services ?? {}) as S;
  return new Proxy(target, {
    get(object, name, receiver) {
      if (typeof name === 'symbol' || name === 'then' || name === 'toJSON' || Reflect.has(object, name)) return Reflect.get(object, name, receiver) as unknown;
      throw new MissingServiceError(name);
    },
  });
}
