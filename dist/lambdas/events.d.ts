import type { Context } from 'aws-lambda';
import type { AutomationEvent } from '../lib/aws/event-triggers.js';
import type { RuntimeProvider } from './shared/runtime.js';
/** What each trigger's rule sends (an input transformer around the matched event). */
export interface TriggerInput {
    trigger: string;
    event: AutomationEvent;
}
/** What the ObjectChanged rule sends (lib/infra): the matched event, whose detail is `{ tenant?, object: { type, id }, event, fields }`. */
export interface ObjectChangedInput {
    objectChanged: AutomationEvent;
}
export type EventsResult = {
    status: 'started';
    instanceId: string | null;
    duplicate: boolean;
    delivery: string;
    state: string;
} | {
    status: 'delivered';
    instanceId: string | null;
    deliveries: number;
    duplicate: boolean;
    delivery: string;
    state: string;
} | {
    status: 'rejected';
    error: string;
} | {
    status: 'evaluated';
    attachment: string | null;
    duplicate: boolean;
    reason: string;
};
/**
 * EventBridge rules made from the automations' `static events` invoke this function: it
 * records the event in the inbox once per (trigger, event id), then applies it right here —
 * starts an instance (whose id derives from the delivery, so a repeat starts none) or
 * delivers a message. If applying fails, the record stays pending and the tick re-drives it;
 * EventBridge's own retries only matter until the record is written.
 */
export declare function createEventsHandler(provider: RuntimeProvider): import("@middy/core").MiddyfiedHandler<TriggerInput | ObjectChangedInput, EventsResult, Error, Context, {}>;
export declare const handler: import("@middy/core").MiddyfiedHandler<TriggerInput | ObjectChangedInput, EventsResult, Error, Context, {}>;
