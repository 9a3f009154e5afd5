import type { JsonObject } from '../json.js';
import type { ApprovalType, ApproverSpec } from '../nodes/approval-state.js';
import type { FormSchema } from './form-schema.js';

export const WORKFLOW_KIND = 'workflow';

/** The tenant of identities that carry none (single-tenant deployments). */
export const DEFAULT_TENANT = 'default';

/** Auto-start rules (autostart.ts): the object events they react to, condition operators, field types. */
export const OBJECT_EVENTS = ['created', 'updated'] as const;
export type ObjectEventKind = (typeof OBJECT_EVENTS)[number];
export const CONDITION_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
export const FIELD_TYPES = ['string', 'number', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A text per locale: `{ "en": "Purchase approval", "ar": "موافقة الشراء" }`. */
export type Names = Record<string, string>;

export const WORKFLOW_STRATEGIES = ['stages', 'pipelines', 'single'] as const;
export type WorkflowStrategy = (typeof WORKFLOW_STRATEGIES)[number];

/** Events of an attachment; each happens once per occurrence and is published after its commit. */
export const WORKFLOW_EVENTS = [
  'workflowStarted', 'approved', 'rejected', 'resubmissionRequested', 'delegated', 'movedToStage', 'movedToPipeline', 'workflowCompleted',
  'reminderDue', 'escalated', 'workflowCancelled',
] as const;
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
  /** Remove a finished attachment and its history this many days after it finished (the table's TTL); absent: the deployment's retention. */
  removeAfterDays?: number;
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
  pipeline?: { id: string; name: Names; index: number };
  approvals: ApprovalDoc[];
  options: UnitOptions;
  /** The pipeline's own options (stage units), for action resolution. */
  pipelineOptions?: UnitOptions;
}

/** Units in order: by `order`, ties by position; pipelines first, then their stages. */
export function unitsOf(doc: WorkflowDocument): Unit[] {
  const sorted = <T extends { order?: number }>(items: readonly T[]): T[] =>
    items.map((item, i) => ({ item, i })).sort((a, b) => (a.item.order ?? 0) - (b.item.order ?? 0) || a.i - b.i).map((e) => e.item);
  if (doc.strategy === 'single') return [{ kind: 'workflow', id: doc.slug, name: doc.name, approvals: doc.approvals ?? [], options: doc }];
  const out: Unit[] = [];
  sorted(doc.pipelines ?? []).forEach((p, index) => {
    const pipeline = { id: p.id, name: p.name, index };
    if (doc.strategy === 'pipelines') out.push({ kind: 'pipeline', id: p.id, name: p.name, pipeline, approvals: p.approvals ?? [], options: p });
    else for (const s of sorted(p.stages ?? [])) out.push({ kind: 'stage', id: s.id, name: s.name, pipeline, approvals: s.approvals, options: s, pipelineOptions: p });
  });
  return out;
}

/** Object reference of an attachment. */
export interface ObjectRef {
  type: string;
  id: string;
}
