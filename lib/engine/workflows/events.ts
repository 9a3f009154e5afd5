import type { Json, JsonObject } from '../json.js';
import type { ObjectRef, WorkflowEventType } from './types.js';

/** An event of an attachment as other systems see it (EventBridge detail later). */
export interface WorkflowEvent {
  /** `<attachment>:<seq>`: the same on every (re)publication of this occurrence. */
  id: string;
  type: WorkflowEventType;
  seq: number;
  at: number;
  tenant: string;
  workflow: string;
  version: number;
  attachment: string;
  object: ObjectRef;
  /** The acting user (approver, rejecter, delegator…); absent for the system's own events. */
  by?: string;
  /** The unit the event is about: the approved step's, or the one moved to. */
  unit?: { kind: string; id: string; pipeline?: string };
  reason?: string;
  /** Delegated to. */
  to?: string;
  /** On completion and rejection with a status sync for the object's type: the field and its new value. */
  status?: { field: string; value: string };
  progress: number;
  details?: JsonObject;
}

/**
 * Where attachments' events go once their state change is committed. Publication is at least
 * once (a crash after publishing and before recording it publishes again): consumers dedupe by
 * `event.id`. An EventBridge adapter implements this in the deployment.
 */
export interface WorkflowEvents {
  publish(event: WorkflowEvent): Promise<void>;
}

/** Keeps published events in memory (tests, the local stack); `unique()` drops republications. */
export class MemoryWorkflowEvents implements WorkflowEvents {
  readonly published: WorkflowEvent[] = [];
  async publish(event: WorkflowEvent): Promise<void> {
    this.published.push(structuredClone(event));
  }
  unique(): WorkflowEvent[] {
    const seen = new Set<string>();
    return this.published.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  }
}

/** One action of an event in the outbox. */
export interface OutboxAction {
  action: string;
  params: JsonObject;
  order: number;
  /** stage, pipeline, workflow, project or default: where it was resolved from. */
  level: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  notBefore: number | null;
  output?: Json;
  error?: string;
}

/** An event recorded with the state change, published and acted on after the commit. */
export interface OutboxEvent {
  event: WorkflowEvent;
  published: boolean;
  actions: OutboxAction[];
  /** Failed publications so far (the bus refused or was unreachable); retried with a backoff, never dropped. */
  publishAttempts?: number;
  publishError?: string;
}
