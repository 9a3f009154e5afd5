/**
 * The approval-workflow API's view shapes: what the WorkflowService returns and the HTTP routes
 * answer, and what the CLI (lib/cli/workflows.ts) and the dashboard (dashboard/src/workflows)
 * read. Types only, self-contained (no imports), so the dashboard can `import type` them without
 * pulling server code into its bundle. Instants are ISO 8601 strings, like the other routes.
 */

export type Names = Record<string, string>;
/** An ISO 8601 instant (`2026-03-02T08:00:00.000Z`). */
export type IsoInstant = string;

/** `attached`: attached with `start: false`, not started yet (it holds the object's claim already). */
export type AttachmentStatus = 'attached' | 'inProgress' | 'completed' | 'rejected' | 'cancelled';
export type FinishedStatus = 'completed' | 'rejected' | 'cancelled';

export interface WorkflowSummary {
  slug: string;
  tenant: string;
  name: Names;
  strategy: string;
  active: boolean;
  version: number;
  savedAt: IsoInstant;
  savedBy: string | null;
}

export interface ApprovalInfo {
  by: string;
  who: string;
  strategy: string;
  type: string;
  form: boolean;
}

export interface WorkflowIntrospection {
  slug: string;
  version: number;
  strategy: string;
  name: Names;
  pipelines: { id: string; name: Names; stages: { id: string; name: Names; approvals: ApprovalInfo[] }[]; approvals: ApprovalInfo[] }[];
  approvals: ApprovalInfo[];
  counts: { units: number; approvals: number; byType: Record<string, number>; byStrategy: Record<string, number>; withForm: number };
}

export type TimelineType = 'attached' | 'started' | 'stepOpened' | 'checkedIn' | 'voted' | 'approved' | 'rejected' | 'delegated' | 'resubmitted' | 'reminded' | 'escalated' | 'completed' | 'cancelled';

export interface TimelineView {
  at: IsoInstant;
  type: TimelineType;
  by?: string;
  step?: string;
  unit?: string;
  reason?: string;
  to?: string;
  /** stepOpened: who must act; escalated: who had to before. */
  approvers?: string[];
  values?: Record<string, unknown>;
}

export interface WaitingItem {
  user?: string;
  group?: string;
  members?: string[];
  onBehalfOf?: string;
}

export interface AttachmentView {
  id: string;
  tenant: string;
  workflow: string;
  version: number;
  object: { type: string; id: string };
  metadata: Record<string, unknown>;
  status: AttachmentStatus;
  /** The engine instance stopped on an error (e.g. an approver problem of a later step). */
  error: string | null;
  /** Who attached it (and, once started, who started it). */
  startedBy: string;
  /** When it started (null while only attached). */
  startedAt: IsoInstant | null;
  attachedAt: IsoInstant;
  finishedAt: IsoInstant | null;
  finishedBy: string | null;
  currentPipeline: { id: string; name: Names } | null;
  currentStage: { id: string; name: Names } | null;
  nextStage: { id: string; name: Names } | null;
  /** Who must act now: users, and groups (anyone) with their active members. */
  waitingFor: { step: string; type: string; strategy: string; required: number; approvals: number; items: WaitingItem[] } | null;
  progress: number;
  completedUnits: number;
  totalUnits: number;
  timeline: TimelineView[];
  values: Record<string, Record<string, unknown>>;
  restartedFrom: string | null;
  replacedBy: string | null;
  /** Actions of recorded events that are still pending or failed for good. */
  actions: { event: string; seq: number; action: string; status: string; attempts: number; error: string | null }[];
}

export interface WorkflowStatistics {
  tenant: string;
  definitions: number;
  active: number;
  attachments: Record<AttachmentStatus, number> & { total: number; error: number };
}

export interface CleanupReport {
  dryRun: boolean;
  cutoff: IsoInstant;
  matched: { id: string; workflow: string; status: FinishedStatus; finishedAt: IsoInstant }[];
  deleted: number;
}

export interface CleanupStats {
  byStatus: Record<AttachmentStatus, number>;
  /** Finished attachments by age. */
  finishedOlderThan: { days30: number; days90: number; days365: number };
  recommendation: string;
}

/** The saved version, as `PUT /workflows/{slug}` answers it. */
export interface SavedWorkflowView {
  slug: string;
  tenant: string;
  version: number;
  savedAt: IsoInstant;
}
