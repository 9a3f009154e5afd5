import type { Directory } from '../../identity/directory.js';
import type { ActionLogger, ActionRegistry, AutomationPort } from '../actions/registry.js';
import type { FlowDefinition } from '../definition.js';
import type { Engine } from '../engine.js';
import { AutomationError } from '../errors.js';
import { type JsonObject } from '../json.js';
import { DecisionForbiddenError, type DecisionEffect, type FormValidator } from '../nodes/approval.js';
import { type Rotation } from '../nodes/approval-rotation.js';
import type { NodeContext, Outcome } from '../nodes/outcome.js';
import type { DefinitionRef, InstanceState } from '../state.js';
import type { OutboxAction, OutboxEvent, WorkflowEvent, WorkflowEvents } from './events.js';
import { type ActionDoc, type ObjectRef, type Unit, type WorkflowEventType, type WorkflowVersion } from './types.js';
/** Definitions are stored under `<tenant>/<slug>` (slugs are per tenant). */
export declare const definitionName: (tenant: string, slug: string) => string;
export declare const attachmentAutomation: (tenant: string, slug: string) => string;
/** The unique claim of an object's one active attachment. */
export declare const objectClaim: (tenant: string, object: ObjectRef) => string;
/** The record pointing at an object's latest attachment. */
export declare const objectPointerId: (tenant: string, object: ObjectRef) => string;
export declare const OBJECT_POINTER_AUTOMATION = "workflow-object";
export declare const OUTBOX_NODE = "outbox";
export declare const COMPLETE_NODE = "complete";
export declare const REJECTED_NODE = "rejected";
/** A failing (or false) action is tried this many times in all, `ACTION_BACKOFF_MS * 2^(n-1)` apart. */
export declare const ACTION_ATTEMPTS = 3;
export declare const ACTION_BACKOFF_MS = 30000;
export type AttachmentStatus = 'inProgress' | 'completed' | 'rejected' | 'cancelled';
export interface TimelineEntry {
    at: number;
    type: 'started' | 'stepOpened' | 'checkedIn' | 'voted' | 'approved' | 'rejected' | 'delegated' | 'resubmitted' | 'reminded' | 'escalated' | 'completed' | 'cancelled';
    by?: string;
    step?: string;
    unit?: string;
    reason?: string;
    to?: string;
    /** stepOpened: who must act; escalated: who had to before. */
    approvers?: string[];
    values?: JsonObject;
}
/** The data of an attachment instance. */
export interface AttachmentData {
    tenant: string;
    workflow: string;
    version: number;
    object: ObjectRef;
    metadata: JsonObject;
    startedBy: string;
    startedAt: number;
    status: AttachmentStatus;
    finishedAt: number | null;
    finishedBy: string | null;
    /** Index of the unit the attachment stands in (-1 before the first step opened). */
    currentUnit: number;
    completedUnits: number;
    totalUnits: number;
    /** Submitted values by step. */
    values: Record<string, JsonObject>;
    timeline: TimelineEntry[];
    eventSeq: number;
    outbox: OutboxEvent[];
    restartedFrom?: string;
    replacedBy?: string;
}
/** What a compiled version knows of its steps. */
export interface CompiledWorkflow {
    flow: FlowDefinition;
    version: WorkflowVersion;
    units: Unit[];
    /** Step node → its unit and position. */
    steps: Map<string, {
        unit: number;
        approval: number;
        last: boolean;
        form?: FormValidator;
    }>;
    /** Unit index → its first step node. */
    firstStep: string[];
}
export interface WorkflowRuntimeOptions {
    engine: Engine;
    actions: ActionRegistry;
    directory: Directory;
    events: WorkflowEvents;
    rotation?: Rotation;
    logger?: ActionLogger;
    /** Project-wide actions, used for events no stage, pipeline or workflow has actions for. */
    projectActions?: ActionDoc[];
    /** Built-in notifications (the `email` action) when no level has actions; default on when `email` is registered. */
    defaultNotifications?: boolean;
}
export interface DecisionRequest {
    action: 'approve' | 'reject' | 'delegate' | 'resubmit';
    reason?: unknown;
    values?: unknown;
    to?: unknown;
    stage?: unknown;
}
export declare const dataOf: (state: InstanceState) => AttachmentData;
export declare class WorkflowRuntime {
    readonly engine: Engine;
    readonly actions: ActionRegistry;
    readonly directory: Directory;
    readonly events: WorkflowEvents;
    readonly rotation: Rotation;
    readonly logger: ActionLogger;
    readonly projectActions: readonly ActionDoc[];
    private readonly defaultNotifications;
    private readonly compiled;
    constructor(options: WorkflowRuntimeOptions);
    get store(): import("../store.js").Store;
    get now(): number;
    loadVersion(tenant: string, slug: string, version: number): Promise<WorkflowVersion>;
    /** The compiled flow of a version (versions are immutable: compiled once per name and version). */
    compiledOf(ref: DefinitionRef): Promise<CompiledWorkflow>;
    /** Steps named `<unit id>.<n>`, each continuing with the next (the last with `complete`), rejections going to `rejected`; the outbox on its own path. */
    compile(version: WorkflowVersion): CompiledWorkflow;
    private compiledOfState;
    /** Records an event in the attachment's outbox (committed with the state change), its actions resolved now. */
    recordEvent(state: InstanceState, compiled: CompiledWorkflow, type: WorkflowEventType, now: number, extra?: Partial<Pick<WorkflowEvent, 'by' | 'reason' | 'to' | 'status' | 'details'>> & {
        unit?: number;
    }): void;
    /** The most specific level with actions for the event wins: stage → pipeline → workflow → project → built-in notifications; ordered by `order`. */
    resolveActions(compiled: CompiledWorkflow, unit: Unit | undefined, type: WorkflowEventType): OutboxAction[];
    /** The outbox path: publishes each recorded event and runs its actions in order, committing after each; failures retry on the engine's timers. */
    drainOutbox(ctx: NodeContext<object>): Promise<Outcome>;
    private runAction;
    /** What the email action (and others) know of the event: names, people by role (current approvers after the change). */
    private eventContext;
    /** The users who may act now: open user items, and the active members of open group items. */
    currentApprovers(state: InstanceState): Promise<string[]>;
    automationPort(): AutomationPort;
    private observer;
    /** The last step was approved: completed, status synced, event recorded. */
    complete(ctx: NodeContext<object>): Promise<void>;
    private statusOf;
    /**
     * Creates an attachment of `version` for the object and starts it: the first step's
     * approvers are checked first (nothing is written when they are wrong), the object's claim
     * is taken in the same write as the instance (409 when another attachment holds it).
     */
    attach(version: WorkflowVersion, input: {
        object: ObjectRef;
        metadata: JsonObject;
        by: string;
        restartedFrom?: string;
    }): Promise<{
        id: string;
        state: InstanceState;
    }>;
    /** Remembers the object's latest attachment (a small record, compare-and-set), for `GET /objects/{type}/{id}/workflow`. */
    private pointObject;
    latestAttachmentOf(tenant: string, object: ObjectRef): Promise<string | undefined>;
    /** Cancels an attachment in progress (a restart): items closed, status cancelled, the claim given up, the event recorded. */
    cancel(id: string, by: string, reason: string, replacedBy?: string): Promise<void>;
    /**
     * A decision by `actor` on the attachment's open step. Checked first on a plain read (a
     * refused decision writes nothing), then again under the instance's lease — so of racing
     * decisions one wins and the others see the step changed (409).
     */
    decide(id: string, actor: string, request: DecisionRequest): Promise<DecisionEffect | {
        kind: 'resubmitted';
        unit: string;
    }>;
    private checkRequest;
    private resubmit;
}
export declare function progressOf(data: Pick<AttachmentData, 'completedUnits' | 'totalUnits' | 'status'>): number;
export declare function localizedName(names: Record<string, string> | undefined, locale: string | undefined): string;
export declare function toWorkflowVersion(stored: {
    name: string;
    version: number;
    document: JsonObject;
    savedAt: number;
    savedBy?: string;
}): WorkflowVersion;
export declare class AttachmentConflictError extends AutomationError {
    readonly holder: string | undefined;
    constructor(object: ObjectRef, holder: string | undefined);
    get details(): unknown;
}
export { DecisionForbiddenError };
