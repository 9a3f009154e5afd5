import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { WorkflowEvent, WorkflowEvents } from '../engine/workflows/events.js';
import type { WorkflowEventType } from '../engine/workflows/types.js';
import { clientConfig } from './aws-clients.js';

/** The source of every workflow event on EventBridge. */
export const WORKFLOW_EVENT_SOURCE = 'serverless-automations.workflows';
/** Environment: the bus the workflow events go to (default: the account's default bus). */
export const WORKFLOW_EVENTS_ENV = { bus: 'ATM_EVENT_BUS' } as const;

/** The detail-type of each event: `Workflow Started`, `Approved`, `Moved To Stage`… */
export function detailTypeOf(type: WorkflowEventType): string {
  return type.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

export function entryOf(event: WorkflowEvent, bus: string | undefined): PutEventsRequestEntry {
  return {
    Source: WORKFLOW_EVENT_SOURCE,
    DetailType: detailTypeOf(event.type),
    Detail: JSON.stringify(event),
    Time: new Date(event.at),
    Resources: [],
    ...(bus ? { EventBusName: bus } : {}),
  };
}

export class EventPublishError extends Error {
  override name = 'EventPublishError';
}

/** Sends PutEvents entries: the SDK in the deployment, the local stack's in-process bus locally. */
export type PutEntries = (entries: PutEventsRequestEntry[]) => Promise<{ FailedEntryCount?: number; Entries?: { ErrorCode?: string; ErrorMessage?: string }[] }>;

/**
 * Workflow events on EventBridge (PutEvents, one entry per event). A failed entry throws, so
 * the outbox leaves the event unpublished and publishes it again later (consumers dedupe by
 * `detail.id`). Needs events:PutEvents on the bus.
 */
export class EventBridgeWorkflowEvents implements WorkflowEvents {
  constructor(private readonly put: PutEntries, private readonly bus?: string) {}

  static fromClient(client: EventBridgeClient = createEventBridgeClient(), bus = process.env[WORKFLOW_EVENTS_ENV.bus] || undefined): EventBridgeWorkflowEvents {
    return new EventBridgeWorkflowEvents((Entries) => client.send(new PutEventsCommand({ Entries })), bus);
  }

  async publish(event: WorkflowEvent): Promise<void> {
    const result = await this.put([entryOf(event, this.bus)]);
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failed = result.Entries?.find((e) => e.ErrorCode);
      throw new EventPublishError(`EventBridge refused workflow event ${event.id}: ${failed?.ErrorCode ?? 'error'} ${failed?.ErrorMessage ?? ''}`.trim());
    }
  }
}

export function createEventBridgeClient(): EventBridgeClient {
  return new EventBridgeClient(clientConfig('EVENTBRIDGE'));
}
