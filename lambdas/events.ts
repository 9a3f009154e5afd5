import type { Context } from 'aws-lambda';
import type { AutomationEvent } from '../lib/engine/event-triggers.js';
import type { Json } from '../lib/engine/json.js';
import type { DeliveryWork, Recipient } from '../lib/app/inbox.js';
import { acceptDelivery, attemptDelivery } from './shared/deliveries.js';
import { isPermanent } from './shared/failures.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import type { Runtime, RuntimeProvider } from '../lib/app/runtime.js';
import * as z from 'zod';
import { DEFAULT_TENANT, OBJECT_EVENTS } from '../lib/engine/workflows/types.js';

/** What each trigger's rule sends (an input transformer around the matched event). */
export interface TriggerInput {
  trigger: string;
  event: AutomationEvent;
}

/** What the ObjectChanged rule sends (lib/infra): the matched event, whose detail is `{ tenant?, object: { type, id }, event, fields }`. */
export interface ObjectChangedInput {
  objectChanged: AutomationEvent;
}

export type EventsResult =
  | { status: 'started'; instanceId: string | null; duplicate: boolean; delivery: string; state: string }
  | { status: 'delivered'; instanceId: string | null; deliveries: number; duplicate: boolean; delivery: string; state: string }
  | { status: 'rejected'; error: string }
  | { status: 'evaluated'; attachment: string | null; duplicate: boolean; reason: string };

/**
 * EventBridge rules made from the automations' `static events` invoke this function: it
 * records the event in the inbox once per (trigger, event id), then applies it right here —
 * starts an instance (whose id derives from the delivery, so a repeat starts none) or
 * delivers a message. If applying fails, the record stays pending and the tick re-drives it;
 * EventBridge's own retries only matter until the record is written.
 */
export function createEventsHandler(provider: RuntimeProvider) {
  return instrumented<TriggerInput | ObjectChangedInput, EventsResult>(async (input: TriggerInput | ObjectChangedInput, _context: Context) => {
    const runtime = await provider();
    if ('objectChanged' in input) return objectChanged(runtime, input.objectChanged);
    const bound = runtime.triggers.get(input.trigger);
    if (!bound) {
      // The deployed rules and the deployed flows disagree: nothing to retry.
      logger.error('Unknown trigger', { trigger: input.trigger });
      return { status: 'rejected', error: `No trigger ${input.trigger}` };
    }
    const { trigger } = bound;
    const event = input.event;
    let work: DeliveryWork;
    try {
      const data = (trigger.data ? trigger.data(event) : (event.detail ?? {})) as Record<string, Json>;
      const token = trigger.token?.(event);
      metrics.addMetric('events.received', MetricUnit.Count, 1);
      if (trigger.message === undefined) {
        runtime.engine.definition(bound.automation); // unknown automation: refused, not recorded
        work = { kind: 'start', automation: bound.automation, data };
      } else {
        const to: Recipient | undefined = typeof trigger.to === 'function' ? trigger.to(event) : (trigger.to ?? 'broadcast');
        if (to === undefined) return { status: 'rejected', error: `Trigger ${bound.id} found no recipient in event ${event.id}` };
        runtime.engine.checkReceiver(bound.automation, trigger.message, data); // refused now, not recorded
        work = { kind: 'message', automation: bound.automation, message: trigger.message, to, ...(token === undefined ? {} : { token }), data };
      }
    } catch (error) {
      if (!isPermanent(error)) throw error;
      logger.warn('Event rejected', { trigger: input.trigger, eventId: event?.id, error: error as Error });
      return { status: 'rejected', error: (error as Error).message };
    }
    const { record, duplicate } = await acceptDelivery(runtime, { source: 'event', key: `event:${bound.id}/${event.id}`, work, payload: { trigger: bound.id, event }, handOff: true });
    const after = duplicate ? record : ((await attemptDelivery(runtime, record.id, record)) ?? record);
    if (after.status === 'dead') return { status: 'rejected', error: after.lastError ?? 'dead-lettered' };
    const outcome = after.outcome;
    return work.kind === 'start'
      ? { status: 'started', instanceId: outcome?.instanceId ?? null, duplicate, delivery: after.id, state: after.status }
      : { status: 'delivered', instanceId: outcome?.instanceId ?? null, deliveries: outcome?.deliveries ?? 0, duplicate, delivery: after.id, state: after.status };
  });
}

const ObjectChangedDetail = z.strictObject({
  tenant: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/).optional(),
  object: z.strictObject({ type: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/), id: z.string().min(1).max(128).regex(/^[^\u0000-\u001f]+$/) }),
  event: z.enum(OBJECT_EVENTS),
  fields: z.record(z.string(), z.unknown()).default({}),
});

/** An object event from EventBridge: the auto-start rules of its type, as the system (an operator of the event's tenant); once per event id. */
async function objectChanged(runtime: Runtime, event: AutomationEvent): Promise<EventsResult> {
  if (!runtime.workflows) return { status: 'rejected', error: 'Approval workflows are not configured' };
  const detail = ObjectChangedDetail.safeParse(event.detail);
  if (!detail.success || typeof event.id !== 'string') {
    logger.warn('ObjectChanged event rejected', { eventId: event?.id, issues: detail.error?.issues });
    return { status: 'rejected', error: `Invalid ObjectChanged detail: ${detail.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? 'no id'}` };
  }
  const d = detail.data;
  try {
    const outcome = await (await runtime.workflows()).autostart.onEvent(
      { id: 'system', superuser: true, tenant: d.tenant ?? DEFAULT_TENANT, groups: [], permissions: [] },
      { id: event.id, event: d.event, object: d.object, fields: d.fields },
    );
    metrics.addMetric('events.objectChanged', MetricUnit.Count, 1);
    return { status: 'evaluated', attachment: outcome.attachment, duplicate: outcome.duplicate, reason: outcome.reason };
  } catch (error) {
    if (!isPermanent(error)) throw error; // EventBridge retries; the event id keeps a repeat from attaching twice
    return { status: 'rejected', error: (error as Error).message };
  }
}

export const handler = createEventsHandler(lambdaRuntime);
