import type { AutomationClass } from './definition.js';
import { automationName } from './definition.js';

/**
 * EventBridge triggers: an automation declares which events start it or reach its instances
 * (the serverless successor of django-automations' `on_signal`):
 *
 *   class Onboarding extends Automation<Data> {
 *     static events: EventTrigger[] = [
 *       { name: 'signup', pattern: { source: ['shop.accounts'], 'detail-type': ['UserSignedUp'] } },
 *       { name: 'paid', pattern: { source: ['shop.billing'] }, message: 'paid', to: (e) => ({ id: e.detail.instanceId }) },
 *     ];
 *   }
 *
 * The stack turns each trigger into an EventBridge rule whose target is the `events` function;
 * the local stack matches the same patterns on POST /_local/events. This module has no AWS
 * dependency, so flows may import its types.
 */

/** An EventBridge event pattern (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html). */
export type EventPattern = { [field: string]: unknown };

/** The event as EventBridge delivers it to a target. */
export interface AutomationEvent<Detail = Record<string, unknown>> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Detail;
}

export type MessageRecipient = 'broadcast' | 'create' | ((event: AutomationEvent) => { id: string } | { key: string } | undefined);

export interface EventTrigger {
  /** Unique within the automation (letters, digits, - and _); names the rule. */
  name: string;
  pattern: EventPattern;
  /** Event bus name; the account's default bus when omitted. */
  bus?: string;
  /** Deliver this message instead of starting an instance. */
  message?: string;
  /** For messages: every running instance ('broadcast', the default), create-on-message ('create'), or one instance. */
  to?: MessageRecipient;
  /** The instance's or the message's data; the event's `detail` when omitted. */
  data?: (event: AutomationEvent) => Record<string, unknown>;
  /** The message token, if the receiver uses one. */
  token?: (event: AutomationEvent) => string | undefined;
}

export interface BoundTrigger {
  /** `<automation>.<name>`: what the rule passes to the events function. */
  id: string;
  automation: string;
  cls: AutomationClass;
  trigger: EventTrigger;
}

const TRIGGER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Every trigger the automations declare (their static `events`), checked. */
export function eventTriggersOf(automations: readonly AutomationClass[]): BoundTrigger[] {
  const bound: BoundTrigger[] = [];
  const problems: string[] = [];
  for (const cls of automations) {
    const declared = (cls as unknown as { events?: unknown }).events;
    if (declared === undefined) continue;
    const automation = automationName(cls);
    if (!Array.isArray(declared)) {
      problems.push(`${automation}.events must be an array of triggers`);
      continue;
    }
    const names = new Set<string>();
    for (const [i, trigger] of (declared as EventTrigger[]).entries()) {
      const where = `${automation}.events[${i}]`;
      if (!trigger || typeof trigger !== 'object') {
        problems.push(`${where} is not an object`);
        continue;
      }
      if (typeof trigger.name !== 'string' || !TRIGGER_NAME.test(trigger.name)) problems.push(`${where}.name must be 1-64 letters, digits, - or _`);
      else if (names.has(trigger.name)) problems.push(`${where}.name "${trigger.name}" is used twice`);
      names.add(trigger.name);
      if (!trigger.pattern || typeof trigger.pattern !== 'object' || Array.isArray(trigger.pattern) || Object.keys(trigger.pattern).length === 0) {
        problems.push(`${where}.pattern must be a non-empty EventBridge event pattern`);
      }
      if (trigger.to !== undefined && trigger.message === undefined) problems.push(`${where}.to needs a message`);
      if (trigger.to !== undefined && trigger.to !== 'broadcast' && trigger.to !== 'create' && typeof trigger.to !== 'function') {
        problems.push(`${where}.to must be 'broadcast', 'create' or a function of the event`);
      }
      bound.push({ id: `${automation}.${trigger.name}`, automation, cls, trigger });
    }
  }
  if (problems.length) throw new Error(`Invalid event triggers:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return bound;
}
