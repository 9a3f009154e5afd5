import type { AutomationClass } from '../engine/definition.js';
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
export type EventPattern = {
    [field: string]: unknown;
};
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
export type MessageRecipient = 'broadcast' | 'create' | ((event: AutomationEvent) => {
    id: string;
} | {
    key: string;
} | undefined);
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
/** Every trigger the automations declare (their static `events`), checked. */
export declare function eventTriggersOf(automations: readonly AutomationClass[]): BoundTrigger[];
