/** The approval-workflow API's shapes, as the dashboard reads them (see docs/openapi.json and lib/engine/workflows). */
import type { JsonSchema } from '../api.js';

export type Names = Record<string, string>;
export type GroupStrategy = 'anyone' | 'all' | 'roundRobin' | { quorum: number | string };
export type ApprovalType = 'approve' | 'submit' | 'checkIn' | 'move';

export const STRATEGIES = ['stages', 'pipelines', 'single'] as const;
export const APPROVAL_TYPES: readonly ApprovalType[] = ['approve', 'submit', 'checkIn', 'move'];
export const EVENTS = [
  'workflowStarted', 'approved', 'rejected', 'resubmissionRequested', 'delegated', 'movedToStage', 'movedToPipeline', 'workflowCompleted',
  'reminderDue', 'escalated', 'workflowCancelled',
] as const;

export interface ActionDoc { on: string; action: string; params?: Record<string, unknown>; order?: number }
export interface ApprovalDoc { by: 'user' | 'group'; user?: string; group?: string; strategy?: GroupStrategy; type?: ApprovalType; form?: JsonSchema; name?: Names }
export interface UnitOptions { actions?: ActionDoc[]; remindAfter?: string; escalateAfter?: string; escalateTo?: string }
export interface StageDoc extends UnitOptions { id: string; name: Names; order?: number; approvals: ApprovalDoc[] }
export interface PipelineDoc extends UnitOptions { id: string; name: Names; order?: number; stages?: StageDoc[]; approvals?: ApprovalDoc[] }
export interface StatusSync { statusField: string; completedValue: string; rejectedValue: string }
export interface WorkflowDocument extends UnitOptions {
  slug: string;
  tenant?: string;
  name: Names;
  description?: string;
  active?: boolean;
  locale?: string;
  strategy: (typeof STRATEGIES)[number];
  pipelines?: PipelineDoc[];
  approvals?: ApprovalDoc[];
  statusSync?: Record<string, StatusSync>;
}

export interface WorkflowSummary {
  slug: string;
  tenant: string;
  name: Names;
  strategy: string;
  active: boolean;
  version: number;
  savedAt: number;
  savedBy: string | null;
}

export interface WorkflowDetail extends WorkflowSummary {
  document: WorkflowDocument;
  versions: number[];
}

export interface ApprovalInfo { by: string; who: string; strategy: string; type: string; form: boolean }
export interface WorkflowIntrospection {
  slug: string;
  version: number;
  strategy: string;
  name: Names;
  pipelines: { id: string; name: Names; stages: { id: string; name: Names; approvals: ApprovalInfo[] }[]; approvals: ApprovalInfo[] }[];
  approvals: ApprovalInfo[];
  counts: { units: number; approvals: number; byType: Record<string, number>; byStrategy: Record<string, number>; withForm: number };
}

export type AttachmentStatus = 'inProgress' | 'completed' | 'rejected' | 'cancelled';

export interface TimelineEntry {
  at: number;
  type: string;
  by?: string;
  step?: string;
  unit?: string;
  reason?: string;
  to?: string;
  approvers?: string[];
  values?: Record<string, unknown>;
}

export interface WaitingItem { user?: string; group?: string; members?: string[]; onBehalfOf?: string }

export interface AttachmentView {
  id: string;
  tenant: string;
  workflow: string;
  version: number;
  object: { type: string; id: string };
  metadata: Record<string, unknown>;
  status: AttachmentStatus;
  error: string | null;
  startedBy: string;
  startedAt: number;
  finishedAt: number | null;
  finishedBy: string | null;
  currentPipeline: { id: string; name: Names } | null;
  currentStage: { id: string; name: Names } | null;
  nextStage: { id: string; name: Names } | null;
  waitingFor: { step: string; type: string; strategy: string; required: number; approvals: number; items: WaitingItem[] } | null;
  progress: number;
  completedUnits: number;
  totalUnits: number;
  timeline: TimelineEntry[];
  values: Record<string, Record<string, unknown>>;
  restartedFrom: string | null;
  replacedBy: string | null;
  actions: { event: string; seq: number; action: string; status: string; attempts: number; error: string | null }[];
}

export interface DirectoryUser { id: string; name?: string; email?: string; groups?: string[] }

export interface WorkflowStats {
  tenant: string;
  definitions: number;
  active: number;
  attachments: Record<AttachmentStatus, number> & { total: number; error: number };
}

export interface WorkflowProblem { path: string; message: string }

/** The prefix of an attachment's automation name in the task inbox (`workflow:<tenant>/<slug>`). */
export const WORKFLOW_AUTOMATION_PREFIX = 'workflow:';
