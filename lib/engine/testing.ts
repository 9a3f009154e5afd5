import { ManualClock } from './clock.js';
import type { AutomationClass } from './definition.js';
import { toMilliseconds, toTimestamp, type Duration } from './duration.js';
import { Engine, type EngineOptions, type TickReport } from './engine.js';
import { MemoryStore } from './memory-store.js';
import type { HttpClient, HttpOutput, HttpRequest } from './actions/http.js';
import type { ServicesFor } from './services.js';
import type { Store } from './store.js';

export type TestEnvironmentOptions<A extends readonly AutomationClass[] = readonly AutomationClass[]> = Partial<Omit<EngineOptions, 'clock' | 'automations' | 'services'>> & {
  automations?: A;
  /** Where virtual time starts (default 2026-01-01T09:00Z). */
  start?: Date | number | string;
  store?: Store;
} & ({} extends ServicesFor<A>
  ? { /** Fakes of the services the automations use (`task.services`). */ services?: ServicesFor<A> }
  : { /** Fakes of the services the automations use (`task.services`): required, as they declare some. */ services: ServicesFor<A> });

/**
 * An engine on a virtual clock: `advance({ days: 3 })` runs everything that falls due in those
 * three days, at the moment it falls due, in milliseconds of real time.
 */
export class TestEnvironment {
  readonly clock: ManualClock;
  readonly engine: Engine;
  readonly store: Store;

  constructor(options: TestEnvironmentOptions = {}) {
    this.clock = new ManualClock(options.start === undefined ? undefined : toTimestamp(options.start, 'start'));
    this.store = options.store ?? new MemoryStore();
    this.engine = new Engine({ secret: 'test-environment-secret', ...options, store: this.store, clock: this.clock });
  }

  get now(): Date {
    return new Date(this.clock.now());
  }

  /** Runs what is due now. */
  async runDue(): Promise<TickReport> {
    return this.engine.runDue();
  }

  /** Moves time forward, stopping at every due time on the way to run what is due. */
  async advance(duration: Duration): Promise<TickReport> {
    return this.advanceTo(this.clock.now() + toMilliseconds(duration));
  }

  async advanceTo(time: Date | number | string): Promise<TickReport> {
    const target = toTimestamp(time, 'advanceTo');
    const total: TickReport = { ran: [], busy: [], failed: [] };
    for (;;) {
      const [next] = await this.store.due(target, 1);
      if (!next) break;
      if (next.dueAt! > this.clock.now()) this.clock.set(next.dueAt!);
      const report = await this.engine.runDue();
      total.ran.push(...report.ran);
      total.busy.push(...report.busy);
      total.failed.push(...report.failed);
      if (report.ran.length === 0 && report.failed.length === 0) break; // nothing could run (all busy)
    }
    if (target > this.clock.now()) this.clock.set(target);
    return total;
  }
}

/**
 * A virtual-time engine for tests; give the services the automations use as fakes
 * (`services: { mailer: new MemoryMailer() }`): they are typed from the automations.
 */
export function createTestEnvironment<const A extends readonly AutomationClass[] = readonly AutomationClass[]>(options: TestEnvironmentOptions<A> = {} as TestEnvironmentOptions<A>): TestEnvironment {
  return new TestEnvironment(options as TestEnvironmentOptions);
}

/**
 * A fake of the `http` service for tests: records every request and answers each with
 * `respond(request)` (default: 200 with an empty body). Throw from `respond` to simulate a failure.
 */
export class RecordingHttpClient implements HttpClient {
  readonly requests: HttpRequest[] = [];

  constructor(private readonly respond: (request: HttpRequest) => HttpOutput | Promise<HttpOutput> = () => ({ status: 200, body: '', truncated: false })) {}

  async request(request: HttpRequest): Promise<HttpOutput> {
    this.requests.push(structuredClone(request));
    return this.respond(request);
  }
}
