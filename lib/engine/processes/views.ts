/**
 * What the process routes send, instants as ISO 8601 text: the one definition of the wire
 * shapes, built by lambdas/api/process-routes.ts and imported type-only by the dashboard
 * and the CLI (no server code reaches their bundles).
 */
import type { JobStatus, JobTaskStatus, ProcessDocument, TaskOperatorAction } from './types.js';

export interface ProcessListItem {
  name: string;
  description: string | null;
  active: boolean;
  version: number;
  savedAt: string;
  savedBy: string | null;
  /** The schedule in words, or null when the process runs on demand only. */
  schedule: string | null;
  cron: string | null;
  timeZone: string | null;
  nextFireTimes: string[];
  lastJob: { id: string; status: JobStatus; created: string } | null;
}

export interface FireEventView {
  fireTime: string;
  outcome: 'started' | 'skipped' | 'missed' | 'exists';
  job: string | null;
  reason: string | null;
  at: string;
}

export interface ProcessPage extends ProcessListItem {
  document: ProcessDocument;
  versions: { version: number; savedAt: string; savedBy: string | null }[];
  fires: { started: number; skipped: number; missed: number; recent: FireEventView[] } | null;
  /** Mermaid text of the task graph. */
  diagram: string;
}

export interface JobListItem {
  id: string;
  process: string;
  version: number;
  status: JobStatus;
  trigger: string;
  fireTime: string | null;
  created: string;
  /** Why a scheduled fire was skipped (status `skipped`), else null. */
  reason: string | null;
}

export interface JobTaskRow {
  name: string;
  action: string;
  status: JobTaskStatus;
  after: string[];
  /** For an awaiting task: the parents that are not done yet. */
  waitingFor: string[];
  attempts: number;
  visit: number;
  started: string | null;
  finished: string | null;
  deadline: string | null;
  notBefore: string | null;
  /** The task's JSON output. */
  output: unknown;
  error: { name: string; message: string } | null;
  /** The operator actions legal now. */
  actions: TaskOperatorAction[];
}

export interface JobPage extends JobListItem {
  updated: string;
  finishedAt: string | null;
  tasks: JobTaskRow[];
  /** Mermaid text of the job's graph with task statuses. */
  diagram: string;
}
