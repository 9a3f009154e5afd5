/** The approval-workflow API's shapes, as the dashboard reads them (see docs/openapi.json and lib/engine/workflows). */
import type { JsonSchema } from '../api.js';

import type { Names } from '../../../lib/engine/workflows/views.js';
export type { Names };
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

// The views the API answers: one shared, type-only module (erased from the bundle, no server code pulled in).
export type {
  ApprovalInfo, AttachmentStatus, AttachmentView, CleanupStats, TimelineView as TimelineEntry, WaitingItem, WorkflowIntrospection, WorkflowStatistics as WorkflowStats, WorkflowSummary,
} from '../../../lib/engine/workflows/views.js';
import type { WorkflowSummary } from '../../../lib/engine/workflows/views.js';

export interface WorkflowDetail extends WorkflowSummary {
  document: WorkflowDocument;
  versions: number[];
}

export interface DirectoryUser { id: string; name?: string; email?: string; groups?: string[] }

export interface WorkflowProblem { path: string; message: string }

/** The prefix of an attachment's automation name in the task inbox (`workflow:<tenant>/<slug>`). */
export const WORKFLOW_AUTOMATION_PREFIX = 'workflow:';
