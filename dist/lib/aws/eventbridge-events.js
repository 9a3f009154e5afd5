import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { clientConfig } from './aws-clients.js';
/** The source of every workflow event on EventBridge. */
export const WORKFLOW_EVENT_SOURCE = 'serverless-automations.workflows';
/** Environment: the bus the workflow events go to (default: the account's default bus). */
export const WORKFLOW_EVENTS_ENV = { bus: 'ATM_EVENT_BUS' };
/** The detail-type of each event: `Workflow Started`, `Approved`, `Moved To Stage`… */
export function detailTypeOf(type) {
    return type.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}
export function entryOf(event, bus) {
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
    name = 'EventPublishError';
}
/**
 * Workflow events on EventBridge (PutEvents, one entry per event). A failed entry throws, so
 * the outbox leaves the event unpublished and publishes it again later (consumers dedupe by
 * `detail.id`). Needs events:PutEvents on the bus.
 */
export class EventBridgeWorkflowEvents {
    put;
    bus;
    constructor(put, bus) {
        this.put = put;
        this.bus = bus;
    }
    static fromClient(client = new EventBridgeClient(clientConfig('EVENTBRIDGE')), bus = process.env[WORKFLOW_EVENTS_ENV.bus] || undefined) {
        return new EventBridgeWorkflowEvents((Entries) => client.send(new PutEventsCommand({ Entries })), bus);
    }
    async publish(event) {
        const result = await this.put([entryOf(event, this.bus)]);
        if ((result.FailedEntryCount ?? 0) > 0) {
            const failed = result.Entries?.find((e) => e.ErrorCode);
            throw new EventPublishError(`EventBridge refused workflow event ${event.id}: ${failed?.ErrorCode ?? 'error'} ${failed?.ErrorMessage ?? ''}`.trim());
        }
    }
}
