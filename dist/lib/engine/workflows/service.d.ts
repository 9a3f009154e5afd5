/**
 * What the HTTP API, the CLI and the dashboard call for approval workflows: platform-neutral,
 * every call scoped to the acting identity's tenant (another tenant's work is a 404), every
 * refusal a typed error carrying its HTTP status (403, 404, 409, 422).
 */
import type { ActionRegistry } from '../actions/registry.js';
import { AutomationError, InstanceNotFoundError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { JsonObject } from '../json.js';
import { type DecisionEffect } from '../nodes/approval.js';
import type { InstanceState } from '../state.js';
import { type AttachmentStatus, type DecisionRequest, type TimelineEntry, type WorkflowRuntime } from './runtime.js';
import { type ObjectRef, type WorkflowDocument, type WorkflowVersion } from './types.js';
/** The tenant of identities that carry none (single-tenant deployments). */
export declare const DEFAULT_TENANT = "default";
export declare class WorkflowNotFoundError extends AutomationError {
    constructor(what: string);
}
export interface WorkflowSummary {
    slug: string;
    tenant: string;
    name: Record<string, string>;
    strategy: string;
    active: boolean;
    version: number;
    savedAt: number;
    savedBy: string | null;
}
export interface AttachInput {
    object: ObjectRef;
    metadata?: JsonObject;
    /** Start now (default true); false leaves it attached but not started, for `start`. */
    start?: boolean;
    /** Cancel the object's active attachment (recorded in both) and attach anew. */
    restart?: boolean;
}
export interface AttachmentView {
    id: string;
    tenant: string;
    workflow: string;
    version: number;
    object: ObjectRef;
    metadata: JsonObject;
    status: AttachmentStatus;
    /** The engine instance stopped on an error (e.g. an approver problem of a later step). */
    error: string | null;
    startedBy: string;
    startedAt: number;
    finishedAt: number | null;
    finishedBy: string | null;
    currentPipeline: {
        id: string;
        name: Record<string, string>;
    } | null;
    currentStage: {
        id: string;
        name: Record<string, string>;
    } | null;
    nextStage: {
        id: string;
        name: Record<string, string>;
    } | null;
    /** Who must act now: users, and groups (anyone) with their active members. */
    waitingFor: {
        step: string;
        type: string;
        strategy: string;
        required: number;
        approvals: number;
        items: {
            user?: string;
            group?: string;
            members?: string[];
            onBehalfOf?: string;
        }[];
    } | null;
    progress: number;
    completedUnits: number;
    totalUnits: number;
    timeline: TimelineEntry[];
    values: Record<string, JsonObject>;
    restartedFrom: string | null;
    replacedBy: string | null;
    /** Actions of recorded events that are still pending or failed for good. */
    actions: {
        event: string;
        seq: number;
        action: string;
        status: string;
        attempts: number;
        error: string | null;
    }[];
}
export interface WorkflowIntrospection {
    slug: string;
    version: number;
    strategy: string;
    name: Record<string, string>;
    pipelines: {
        id: string;
        name: Record<string, string>;
        stages: {
            id: string;
            name: Record<string, string>;
            approvals: ApprovalInfo[];
        }[];
        approvals: ApprovalInfo[];
    }[];
    approvals: ApprovalInfo[];
    counts: {
        units: number;
        approvals: number;
        byType: Record<string, number>;
        byStrategy: Record<string, number>;
        withForm: number;
    };
}
interface ApprovalInfo {
    by: string;
    who: string;
    strategy: string;
    type: string;
    form: boolean;
}
export interface CleanupOptions {
    /** Attachments finished more than this many days ago. */
    days: number;
    status?: AttachmentStatus;
    dryRun?: boolean;
}
export interface CleanupReport {
    dryRun: boolean;
    cutoff: number;
    matched: {
        id: string;
        workflow: string;
        status: AttachmentStatus;
        finishedAt: number;
    }[];
    deleted: number;
}
export interface CleanupStats {
    byStatus: Record<AttachmentStatus, number>;
    /** Finished attachments by age. */
    finishedOlderThan: {
        days30: number;
        days90: number;
        days365: number;
    };
    recommendation: string;
}
export declare class WorkflowService {
    readonly runtime: WorkflowRuntime;
    private readonly actions;
    constructor(runtime: WorkflowRuntime, actions?: ActionRegistry);
    private get store();
    private get now();
    static tenantOf(identity: Identity): string;
    /** Validates (422 naming every problem) and saves a new version; the tenant is the identity's (another is 403). */
    save(identity: Identity, input: unknown): Promise<WorkflowVersion>;
    private saveDocument;
    /** Saves `document` only when it differs from the head (definitions kept in flows/, at start-up). */
    upsert(input: unknown, by?: string): Promise<{
        version: WorkflowVersion;
        saved: boolean;
    }>;
    list(identity: Identity): Promise<WorkflowSummary[]>;
    private summary;
    get(identity: Identity, slug: string): Promise<WorkflowSummary & {
        document: WorkflowDocument;
        versions: number[];
    }>;
    private head;
    /** (De)activation never touches running attachments: they run their pinned version. */
    setActive(identity: Identity, slug: string, active: boolean): Promise<WorkflowSummary>;
    /** Deleting never touches running attachments (their version stays readable). */
    delete(identity: Identity, slug: string): Promise<void>;
    /** A version's nested structure with approval counts by type and strategy. */
    introspect(identity: Identity, slug: string, version?: number): Promise<WorkflowIntrospection>;
    attach(identity: Identity, slug: string, input: AttachInput): Promise<AttachmentView>;
    private markReplaced;
    /** The attachment, when it belongs to the identity's tenant (else 404, like one that does not exist). */
    attachment(identity: Identity, id: string): Promise<InstanceState>;
    view(identity: Identity, id: string): Promise<AttachmentView>;
    viewOf(state: InstanceState): Promise<AttachmentView>;
    /** The object's current attachment (the active one, else its latest), or 404. */
    objectState(identity: Identity, object: ObjectRef): Promise<AttachmentView>;
    /** A decision by the identity; 404 for another tenant's attachment. */
    decide(identity: Identity, id: string, request: DecisionRequest): Promise<{
        effect: DecisionEffect | {
            kind: 'resubmitted';
            unit: string;
        };
        attachment: AttachmentView;
    }>;
    /** Cancels an attachment in progress (an operator or its starter). */
    cancel(identity: Identity, id: string, reason?: string): Promise<AttachmentView>;
    /** Re-runs an attachment stopped on an error (e.g. after fixing an approver group). */
    retry(identity: Identity, id: string): Promise<AttachmentView>;
    /** Attachments of the tenant (optionally of one workflow and status), newest first. */
    listAttachments(identity: Identity, query?: {
        workflow?: string;
        status?: AttachmentStatus;
    }): Promise<AttachmentView[]>;
    private tenantAttachments;
    /** Slugs of the tenant's definitions, deleted ones included (their attachments still count). */
    private slugsOf;
    /** Per tenant: definitions (not versions), active ones, attachments by status. */
    statistics(identity: Identity): Promise<{
        tenant: string;
        definitions: number;
        active: number;
        attachments: Record<AttachmentStatus, number> & {
            total: number;
            error: number;
        };
    }>;
    /** Deletes the tenant's finished attachments (completed, rejected, cancelled) older than `days`, with their history; never definitions, never anything in progress. */
    cleanup(identity: Identity, options: CleanupOptions): Promise<CleanupReport>;
    cleanupStats(identity: Identity): Promise<CleanupStats>;
    /** The workflow's name in a locale (for lists). */
    static nameIn(doc: Pick<WorkflowDocument, 'name'>, locale: string): string;
}
/** 422 with field errors (attach input, decisions, cleanup options). */
export declare class DataValidationErrorWithFields extends AutomationError {
    readonly fieldErrors: Record<string, string[]>;
    constructor(fieldErrors: Record<string, string[]>);
    get details(): unknown;
}
export { InstanceNotFoundError };
