import type { Json, JsonObject } from './json.js';
import type { ApprovalStepState } from './nodes/approval-state.js';
import type { JobStatus, JobTaskStatus } from './processes/types.js';
import type { DeliveryMark } from './deliveries.js';

export type InstanceStatus = 'running' | 'waiting' | 'error' | 'finished';

/** A Split leaves one frame on each of its paths; the matching Join pops it. */
export interface SplitFrame {
  /** Sequence number of the Split's task: unique within the instance. */
  split: number;
  /** How many paths the Split started. */
  size: number;
}

/** One program counter. A plain flow has one path; a Split adds one per branch. */
export interface PathState {
  id: number;
  /** The node this path executes next, or is waiting at. */
  node: string;
  /** Sequence number of the open task at `node`, or null before the node is entered. */
  task: number | null;
  /** When the open task was created (SkipAfter and AfterWaitingFor count from here). */
  taskCreated: number | null;
  frames: SplitFrame[];
  /** Set while the path waits at a Join for its siblings. */
  joined?: boolean;
  /** Set while a background job runs elsewhere: the owner's id (empty until claimed), when it started, and the deadline after which it has failed (DAG tasks). */
  background?: { owner: string; since: number; deadline?: number } | null;
  /** Why the path waited when its last run ended ('time', 'condition', 'form', 'join', 'background'), and until when. */
  waiting?: { reason: string; until: number | null } | null;
}

export interface Lease {
  owner: string;
  until: number;
}

export interface InstanceError {
  node: string;
  task: number;
  message: string;
}

/** Everything the engine knows of one instance; stored as one versioned record. */
export interface InstanceState {
  id: string;
  automation: string;
  /** Incremented by every committed change: the compare-and-set token. */
  version: number;
  status: InstanceStatus;
  data: JsonObject;
  paths: PathState[];
  /** Next task sequence number; task records are keyed by (id, seq). */
  nextSeq: number;
  nextPathId: number;
  created: number;
  updated: number;
  finishedAt: number | null;
  /** When a runner should next look at this instance (time waits, polled conditions); null if only a message, form or nothing wakes it. */
  dueAt: number | null;
  /** The claim that makes a `unique` automation unique, released when the instance finishes. */
  uniqueKey: string | null;
  lease: Lease | null;
  /** Repeat nodes count their schedule from their first execution. */
  anchors: Record<string, number>;
  error: InstanceError | null;
  /** Marks of the most recent deliveries applied to this instance (see deliveries.ts); absent until the first. */
  deliveries?: DeliveryMark[];
  /** When the newest mark evicted from `deliveries` was applied. */
  deliveriesFloor?: number;
  /** Flows compiled from data (a process version) name their definition here; class flows leave it out. */
  definition?: DefinitionRef;
  /** The states of the instance's DAG tasks (flow.Task nodes; every task of a process job). */
  dag?: DagState;
  /** The open or last approval step of each Approval node (nodes/approval.ts), by node name. */
  approvals?: Record<string, ApprovalStepState>;
}

/** A pinned, immutable definition an instance runs: resolved through the engine's flow source of `kind`. */
export interface DefinitionRef {
  kind: string;
  name: string;
  version: number;
}

/** One DAG task of an instance: its status and its current visit. */
export interface DagTaskState {
  status: JobTaskStatus;
  /** Visits so far: 1 at the first run, +1 for each operator retry or reopen (part of the idempotency key). */
  visit: number;
  /** Attempts within the current visit (automatic retries by the task's retry policy). */
  attempts: number;
  /** Not before this time (the backoff of an automatic retry). */
  notBefore: number | null;
  started: number | null;
  finished: number | null;
  /** The running attempt must have finished by then, or it has failed. */
  deadline: number | null;
  /** The last attempt's output (bounded JSON) and error (one line). */
  output: Json;
  error: { name: string; message: string } | null;
}

export interface DagState {
  /** The job's status (process jobs); code flows keep 'initialized'. */
  status: JobStatus;
  tasks: Record<string, DagTaskState>;
}

export interface TaskError {
  name: string;
  message: string;
  stack: string;
}

/** Who may complete a Form task: every part that is set must hold. */
export interface Assignment {
  user?: string;
  /** Only users of this tenant (approval items of a tenant's workflow); checked before everything else, superusers included. */
  tenant?: string;
  groups?: string[];
  permissions?: string[];
}

/** One visit of one node: the instance's history. Open tasks have `finished: null`. */
export interface TaskRecord {
  instanceId: string;
  /** The automation's name (set by the engine, so task lists need not load every instance). */
  automation?: string;
  seq: number;
  node: string;
  path: number;
  created: number;
  finished: number | null;
  /** 'OK', 'skipped', 'joined', 'cancelled', or the error's one-line description. */
  message: string | null;
  result: Json;
  error: TaskError | null;
  assignment?: Assignment | null;
  completedBy?: string | null;
  /** The pinned definition of a data-defined flow (so task lists can find the node without reading the instance). */
  definition?: DefinitionRef;
}

export const ACTIVE_STATUSES: readonly InstanceStatus[] = ['running', 'waiting', 'error'];

export function hoursSinceCreated(task: Pick<TaskRecord, 'created' | 'finished'>, now: number): number {
  return task.finished === null ? (now - task.created) / 3_600_000 : 0;
}

/**
 * The key an open Form task is listed under, most selective first: its user, else its first
 * group, else its first permission, else 'any'. Both stores index open tasks by it.
 */
export function assigneeKey(assignment: Assignment | null | undefined): string {
  if (assignment?.user !== undefined) return `user:${assignment.user}`;
  if (assignment?.groups?.length) return `group:${assignment.groups[0]}`;
  if (assignment?.permissions?.length) return `permission:${assignment.permissions[0]}`;
  return 'any';
}

/** An open human task: a Form task (it has an assignment) without a finish time. */
export function isOpenHumanTask(task: TaskRecord): boolean {
  return task.finished === null && task.assignment !== undefined && task.assignment !== null;
}
