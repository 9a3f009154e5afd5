import type { JsonObject } from '../json.js';
import type { ApprovalType, ApproverSpec } from '../nodes/approval-state.js';
import type { FormSchema } from './form-schema.js';
export declare const WORKFLOW_KIND = "workflow";
/** A text per locale: `{ "en": "Purchase approval", "ar": "موافقة الشراء" }`. */
export type Names = Record<string, string>;
export declare const WORKFLOW_STRATEGIES: readonly ["stages", "pipelines", "single"];
export type WorkflowStrategy = (typeof WORKFLOW_STRATEGIES)[number];
/** Events of an attachment; each happens once per occurrence and is published after its commit. */
export declare const WORKFLOW_EVENTS: readonly ["workflowStarted", "approved", "rejected", "resubmissionRequested", "delegated", "movedToStage", "movedToPipeline", "workflowCompleted", "reminderDue", "escalated", "workflowCancelled"];
export type WorkflowEventType = (typeof WORKFLOW_EVENTS)[number];
/** A registered action run on an event (its params checked at save). */
export interface ActionDoc {
    on: WorkflowEventType;
    action: string;
    params?: JsonObject;
    /** Ascending; ties keep their position. */
    order?: number;
}
export type ApprovalDoc = ApproverSpec & {
    type?: ApprovalType;
    form?: FormSchema;
    name?: Names;
};
/** What a unit with approvals may add: deadlines and actions. */
export interface UnitOptions {
    actions?: ActionDoc[];
    /** A reminder to the approvers after this long (duration text: "2d", "4h"). */
    remindAfter?: string;
    /** Reassignment to `escalateTo` (a group: one member decides) after this long. */
    escalateAfter?: string;
    escalateTo?: string;
}
export interface StageDoc extends UnitOptions {
    id: string;
    name: Names;
    order?: number;
    approvals: ApprovalDoc[];
}
export interface PipelineDoc extends UnitOptions {
    id: string;
    name: Names;
    order?: number;
    /** strategy `stages` */
    stages?: StageDoc[];
    /** strategy `pipelines` */
    approvals?: ApprovalDoc[];
}
/** Per object type: the field of the owning system and the values it takes at the end. */
export interface StatusSync {
    statusField: string;
    completedValue: string;
    rejectedValue: string;
    /** Where a signed webhook (the `statusWebhook` action, retried) tells the owning system; its host must be on the http allowlist. */
    webhookUrl?: string;
}
export interface WorkflowDocument extends UnitOptions {
    slug: string;
    tenant: string;
    name: Names;
    description?: string;
    active?: boolean;
    /** The notifications' locale (default en). */
    locale?: string;
    strategy: WorkflowStrategy;
    /** strategies `stages` and `pipelines` */
    pipelines?: PipelineDoc[];
    /** strategy `single` */
    approvals?: ApprovalDoc[];
    statusSync?: Record<string, StatusSync>;
}
export interface WorkflowVersion {
    tenant: string;
    slug: string;
    version: number;
    document: WorkflowDocument;
    savedAt: number;
    savedBy?: string;
}
/** One unit of approvals in execution order: a stage, a pipeline, or the workflow itself. */
export interface Unit {
    kind: 'stage' | 'pipeline' | 'workflow';
    id: string;
    name: Names;
    pipeline?: {
        id: string;
        name: Names;
        index: number;
    };
    approvals: ApprovalDoc[];
    options: UnitOptions;
    /** The pipeline's own options (stage units), for action resolution. */
    pipelineOptions?: UnitOptions;
}
/** Units in order: by `order`, ties by position; pipelines first, then their stages. */
export declare function unitsOf(doc: WorkflowDocument): Unit[];
/** Object reference of an attachment. */
export interface ObjectRef {
    type: string;
    id: string;
}
