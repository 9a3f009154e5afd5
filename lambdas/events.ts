import type { Context } from 'aws-lambda';
import type { AutomationEvent } from '../lib/aws/event-triggers.js';
import { deliverMessage } from './shared/deliver.js';
import { isPermanent } from './shared/failures.js';
import { idempotently } from './shared/idempotent.js';
import type { Recipient } from './shared/jobs.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import type { RuntimeProvider } from './shared/runtime.js';

/** What each trigger's rule sends (an input transformer around the matched event). */
export interface TriggerInput {
  trigger: string;
  event: AutomationEvent;
}

export type EventsResult =
  | { status: 'started'; instanceId: string; duplicate: boolean }
  | { status: 'delivered'; instanceId: string | null; deliveries: number; duplicate: boolean }
  | { status: 'rejected'; error: string };

/**
 * EventBridge rules made from the automations' `static events` invoke this function: it
 * starts an instance, or delivers a message, once per (trigger, event id).
 */
export function createEventsHandler(provider: RuntimeProvider) {
  return instrumented<TriggerInput, EventsResult>(async (input: TriggerInput, context: Context) => {
    const runtime = await provider();
    const bound = runtime.triggers.get(input.trigger);
    if (!bound) {
      // The deployed rules and the deployed flows disagree: nothing to retry.
      logger.error('Unknown trigger', { trigger: input.trigger });
      return { status: 'rejected', error: `No trigger ${input.trigger}` };
    }
    const { trigger, cls } = bound;
    const event = input.event;
    try {
      const data = trigger.data ? trigger.data(event) : (event.detail ?? {});
      const token = trigger.token?.(event);
      metrics.addMetric('events.received', MetricUnit.Count, 1);
      if (trigger.message === undefined) {
        const { result, duplicate } = await idempotently(runtime, 'event', `${bound.id}/${event.id}`, null, async () => {
          const instance = await runtime.engine.start(cls, data);
          return instance.id;
        }, context);
        return { status: 'started', instanceId: result, duplicate };
      }
      const to: Recipient | undefined = typeof trigger.to === 'function' ? trigger.to(event) : (trigger.to ?? 'broadcast');
      if (to === undefined) return { status: 'rejected', error: `Trigger ${bound.id} found no recipient in event ${event.id}` };
      const { result, duplicate } = await idempotently(runtime, 'event', `${bound.id}/${event.id}`, null, async () => {
        const outcome = await deliverMessage(runtime.engine, bound.automation, trigger.message!, to, token, data);
        return { instanceId: outcome.instanceId, deliveries: outcome.results.length }; // a summary: broadcasts can be large
      }, context);
      return { status: 'delivered', instanceId: result.instanceId, deliveries: result.deliveries, duplicate };
    } catch (error) {
      if (!isPermanent(error)) throw error;
      logger.warn('Event rejected', { trigger: input.trigger, eventId: event?.id, error: error as Error });
      return { status: 'rejected', error: (error as Error).message };
    }
  });
}

export const handler = createEventsHandler(lambdaRuntime);
