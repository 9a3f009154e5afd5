import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { WorkflowEvent, WorkflowEvents } from '../engine/workflows/events.js';
import type { WorkflowEventType } from '../engine/workflows/types.js';
/** The source of every workflow event on EventBridge. */
export declare const WORKFLOW_EVENT_SOURCE = "serverless-automations.workflows";
/** Environment: the bus the workflow events go to (default: the account's default bus). */
export declare const WORKFLOW_EVENTS_ENV: {
    readonly bus: "ATM_EVENT_BUS";
};
/** The detail-type of each event: `Workflow Started`, `Approved`, `Moved To Stage`… */
export declare function detailTypeOf(type: WorkflowEventType): string;
export declare function entryOf(event: WorkflowEvent, bus: string | undefined): PutEventsRequestEntry;
export declare class EventPublishError extends Error {
    name: string;
}
/** Sends PutEvents entries: the SDK in the deployment, the local stack's in-process bus locally. */
export type PutEntries = (entries: PutEventsRequestEntry[]) => Promise<{
    FailedEntryCount?: number;
    Entries?: {
        ErrorCode?: string;
        ErrorMessage?: string;
    }[];
}>;
/**
 * Workflow events on EventBridge (PutEvents, one entry per event). A failed entry throws, so
 * the outbox leaves the event unpublished and publishes it again later (consumers dedupe by
 * `detail.id`). Needs events:PutEvents on the bus.
 */
export declare class EventBridgeWorkflowEvents implements WorkflowEvents {
    private readonly put;
    private readonly bus?;
    constructor(put: PutEntries, bus?: string | undefined);
    static fromClient(client?: EventBridgeClient, bus?: string | undefined): EventBridgeWorkflowEvents;
    publish(event: WorkflowEvent): Promise<void>;
}
