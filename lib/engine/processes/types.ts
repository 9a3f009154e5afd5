/**
 * Processes (django-process): crontab-scheduled graphs of dependent tasks, defined as data.
 * These are the shapes shared by the definition validator, the compiler that turns a process
 * version into an engine flow, the scheduler and the surfaces (API, CLI, dashboard).
 * A process document never holds code: each task names an action registered in code.
 */

/** A duration as written in definitions: `"30s"`, `"10m"`, `"2h"`, `"1d"`, or milliseconds. */
export type DurationText = string | number;

export interface ProcessSchedule {
  /** Five crontab fields: minute hour day-of-month month day-of-week. */
  cron: string;
  /** IANA time zone the schedule is evaluated in; UTC when omitted. */
  timeZone?: string;
  /** Start a job while the previous one is unfinished (default false: the fire is skipped). */
  overlap?: boolean;
  /** Start a job while the latest one is in error (default false: the fire is skipped). */
  runAfterError?: boolean;
  /** Missed fire times: none, only the latest (default), or all (bounded). */
  catchUp?: 'none' | 'latest' | 'all';
}

export interface RetryPolicy {
  /** Total attempts including the first (>= 1). */
  attempts: number;
  /** Wait between attempts. */
  backoff?: DurationText;
}

export interface ProcessTaskDefinition {
  name: string;
  description?: string;
  /** A registered action's name (`http`, `startAutomation`, `sendMessage`, or one the team registered). */
  action: string;
  /** The action's params, validated against its zod schema when the definition is saved. */
  params?: Record<string, unknown>;
  /** Names of tasks of the same process this task waits for. */
  after?: string[];
  /** An inactive task appears in each job as `skipped` and satisfies its dependents. Default true. */
  active?: boolean;
  timeout?: DurationText;
  retry?: RetryPolicy;
}

/** What a user saves (PUT /processes/{name}, a file applied with the CLI, or a process in `flows/`). */
export interface ProcessDocument {
  name: string;
  description?: string;
  active?: boolean;
  /** Without a schedule, the process runs only on demand. */
  schedule?: ProcessSchedule;
  tasks: ProcessTaskDefinition[];
  /** An action run once when a task of a job fails (its own failure is logged, never blocks). */
  onError?: { action: string; params?: Record<string, unknown> };
}

/** One immutable saved version. Jobs pin the version they started with. */
export interface ProcessVersion {
  name: string;
  /** 1, 2, 3…: each save creates the next version. */
  version: number;
  document: ProcessDocument;
  savedAt: number;
  savedBy?: string;
}

/** The statuses of a job task (django-process's JobTask). */
export type JobTaskStatus = 'awaiting' | 'running' | 'finished' | 'error' | 'forced' | 'cancelled' | 'skipped' | 'reopened';

/**
 * The statuses of a job (django-process's Job), and `skipped`: a scheduled fire the guards
 * skipped, kept as a row of the job list (with the reason) in which no task ever runs.
 */
export type JobStatus = 'initialized' | 'finished' | 'error' | 'cancelled' | 'skipped';

/** Task statuses that satisfy a dependent task. */
export const DONE_TASK_STATUSES: readonly JobTaskStatus[] = ['finished', 'forced', 'cancelled', 'skipped'];

/** Operator actions on one task of a job; only legal transitions are accepted (409 otherwise). */
export type TaskOperatorAction = 'retry' | 'force' | 'cancel' | 'reopen';

/** The definition kinds of process jobs and of schedulers (their flows come from the ProcessRuntime: engine.useFlowSource). */
export const PROCESS_KIND = 'process';
export const SCHEDULE_KIND = 'process-schedule';
