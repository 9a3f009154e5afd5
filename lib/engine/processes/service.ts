import type { ActionRegistry } from '../actions/registry.js';
import { DefinitionNotFoundError, IllegalTransitionError } from '../errors.js';
import type { Json, JsonObject } from '../json.js';
import { isDone } from '../nodes/dag-task.js';
import type { DagTaskState, InstanceState } from '../state.js';
import type { Page } from '../store.js';
import { describeCron, fireTimes, parseCron } from './cron.js';
import { jobDiagram, processDiagram } from './diagram.js';
import { jobAutomation, PROCESS_KIND, toProcessVersion, type FireEvent, type ProcessRuntime } from './runtime.js';
import type { JobStatus, JobTaskStatus, ProcessDocument, ProcessVersion, TaskOperatorAction } from './types.js';
import { InvalidProcessError, validateProcessDocument } from './validate-process.js';

export interface ProcessSummary {
  name: string;
  description: string | null;
  active: boolean;
  version: number;
  savedAt: number;
  savedBy: string | null;
  /** The schedule in words, or null when the process runs on demand only. */
  schedule: string | null;
  nextFireTimes: number[];
}

export interface ProcessDetails extends ProcessSummary {
  document: ProcessDocument;
  versions: { version: number; savedAt: number; savedBy: string | null }[];
  /** Fire counts and the latest fire events (started, skipped, missed). */
  fires: { started: number; skipped: number; missed: number; recent: FireEvent[] } | null;
}

export interface JobTaskView {
  name: string;
  action: string;
  status: JobTaskStatus;
  after: string[];
  /** For an awaiting task: the parents that are not done yet. */
  waitingFor: string[];
  attempts: number;
  visit: number;
  started: number | null;
  finished: number | null;
  deadline: number | null;
  notBefore: number | null;
  output: Json;
  error: { name: string; message: string } | null;
  /** The operator actions legal now. */
  actions: TaskOperatorAction[];
}

export interface JobView extends JobSummary {
  updated: number;
  finishedAt: number | null;
  tasks: JobTaskView[];
}

export interface JobSummary {
  id: string;
  process: string;
  version: number;
  status: JobStatus;
  trigger: string;
  fireTime: number | null;
  created: number;
  /** Why a scheduled fire was skipped (status `skipped`), else null. */
  reason: string | null;
}

/** The operator actions a task in this status allows (the transition table of docs/processes.md). */
export function legalActions(status: JobTaskStatus, jobStatus: JobStatus): TaskOperatorAction[] {
  if (jobStatus === 'cancelled') return [];
  switch (status) {
    case 'error':
      return ['retry', 'force', 'cancel'];
    case 'awaiting':
    case 'reopened':
      return ['cancel'];
    case 'finished':
    case 'forced':
    case 'cancelled':
    case 'skipped':
      return ['reopen'];
    default:
      return [];
  }
}

/**
 * What the HTTP API, the CLI and the dashboard call for processes: platform-neutral, every
 * refusal a typed error with its status (404, 409, 422).
 */
export class ProcessService {
  constructor(
    private readonly runtime: ProcessRuntime,
    private readonly actions: ActionRegistry = runtime.actions,
  ) {}

  private get store() {
    return this.runtime.engine.store;
  }
  private get now(): number {
    return this.runtime.engine.clock.now();
  }

  /** Validates (422 with every problem) and saves a new version; the schedule follows the new head. */
  async save(input: unknown, by?: string): Promise<ProcessVersion> {
    const checked = validateProcessDocument(input, this.actions);
    if (!checked.ok) throw new InvalidProcessError(checked.problems);
    const doc = checked.document;
    const saved = await this.store.saveDefinition({
      kind: PROCESS_KIND, name: doc.name, document: doc as unknown as JsonObject, active: doc.active !== false, savedAt: this.now, ...(by === undefined ? {} : { savedBy: by }),
    });
    await this.runtime.reschedule(doc.name);
    return toProcessVersion(saved);
  }

  /** Saves `document` only when it differs from the head (processes declared in code, at start-up). */
  async upsert(input: unknown, by?: string): Promise<{ version: ProcessVersion; saved: boolean }> {
    const checked = validateProcessDocument(input, this.actions);
    if (!checked.ok) throw new InvalidProcessError(checked.problems);
    const head = await this.store.definitionHead(PROCESS_KIND, checked.document.name);
    if (head && JSON.stringify(head.document) === JSON.stringify(checked.document) && head.active === (checked.document.active !== false)) {
      return { version: toProcessVersion(head), saved: false };
    }
    return { version: await this.save(checked.document, by), saved: true };
  }

  async list(page: { limit?: number; cursor?: string } = {}): Promise<Page<ProcessSummary>> {
    const heads = await this.store.listDefinitions(PROCESS_KIND, page);
    return { ...heads, items: heads.items.map((h) => this.summary(toProcessVersion(h), h.active)) };
  }

  async get(name: string): Promise<ProcessDetails> {
    const head = await this.store.definitionHead(PROCESS_KIND, name);
    if (!head) throw new DefinitionNotFoundError(PROCESS_KIND, name);
    const version = toProcessVersion(head);
    const versions = await this.store.listDefinitionVersions(PROCESS_KIND, name, { limit: 50 });
    const fires = await this.runtime.schedulerData(name);
    return {
      ...this.summary(version, head.active),
      document: version.document,
      versions: versions.items.map((v) => ({ version: v.version, savedAt: v.savedAt, savedBy: v.savedBy ?? null })),
      fires: fires ? { started: fires.started, skipped: fires.skipped, missed: fires.missed, recent: fires.recent } : null,
    };
  }

  async version(name: string, version: number): Promise<ProcessVersion> {
    return this.runtime.loadVersion(name, version);
  }

  private summary(version: ProcessVersion, active: boolean): ProcessSummary {
    const doc = version.document;
    return {
      name: doc.name,
      description: doc.description ?? null,
      active,
      version: version.version,
      savedAt: version.savedAt,
      savedBy: version.savedBy ?? null,
      schedule: doc.schedule ? `${describeCron(doc.schedule.cron)} (${doc.schedule.timeZone ?? 'UTC'})` : null,
      nextFireTimes: active && doc.schedule ? this.nextFireTimes(doc.schedule.cron, doc.schedule.timeZone ?? 'UTC', 5) : [],
    };
  }

  private nextFireTimes(cron: string, timeZone: string, count: number): number[] {
    const parsed = parseCron(cron);
    if (!parsed.ok) return [];
    const out: number[] = [];
    for (const t of fireTimes(parsed.cron, this.now, timeZone)) {
      out.push(t);
      if (out.length >= count) break;
    }
    return out;
  }

  async setActive(name: string, active: boolean): Promise<ProcessSummary> {
    const head = await this.store.setDefinitionActive(PROCESS_KIND, name, active, this.now);
    if (!head) throw new DefinitionNotFoundError(PROCESS_KIND, name);
    await this.runtime.reschedule(name);
    return this.summary(toProcessVersion(head), head.active);
  }

  /** Removes the process from the listing; its versions stay for the jobs that run them; its schedule stops. */
  async delete(name: string): Promise<void> {
    if (!(await this.store.deleteDefinition(PROCESS_KIND, name))) throw new DefinitionNotFoundError(PROCESS_KIND, name);
    await this.runtime.reschedule(name);
  }

  /** Starts a job of the head version now (guards do not apply). */
  async runNow(name: string, by?: string): Promise<JobView> {
    const head = await this.store.definitionHead(PROCESS_KIND, name);
    if (!head) throw new DefinitionNotFoundError(PROCESS_KIND, name);
    if (!head.active) throw new IllegalTransitionError(`Process "${name}" is inactive: activate it to run it`);
    const { id } = await this.runtime.createJob(toProcessVersion(head), { trigger: 'manual', ...(by === undefined ? {} : { by }) });
    return this.getJob(id);
  }

  /** Jobs of a process (oldest first), optionally of one status; skipped fires are rows with status `skipped` and their reason. */
  async listJobs(query: { process: string; status?: JobStatus; cursor?: string; limit?: number }): Promise<Page<JobSummary>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const items: JobSummary[] = [];
    let cursor = query.cursor;
    do {
      const page = await this.store.list({ automation: jobAutomation(query.process), limit, ...(cursor ? { cursor } : {}) });
      for (const summary of page.items) {
        const state = await this.store.get(summary.id);
        if (!state?.dag || !state.definition) continue;
        const job = toSummary(state);
        if (query.status === undefined || job.status === query.status) items.push(job);
      }
      cursor = page.cursor;
    } while (cursor && items.length < limit);
    return cursor ? { items, cursor } : { items };
  }

  async getJob(id: string): Promise<JobView> {
    const state = await this.runtime.job(id);
    const version = await this.runtime.loadVersion(state.definition.name, state.definition.version);
    return toJobView(state, version.document);
  }

  async cancelJob(id: string): Promise<JobView> {
    await this.runtime.cancelJob(id);
    return this.getJob(id);
  }

  async taskAction(id: string, task: string, action: TaskOperatorAction): Promise<JobView> {
    await this.runtime.taskAction(id, task, action);
    return this.getJob(id);
  }

  /** Mermaid: the process's graph (the head, or a version). */
  async diagram(name: string, version?: number): Promise<string> {
    const v = version === undefined ? await this.headVersion(name) : await this.runtime.loadVersion(name, version);
    return processDiagram(v.document);
  }

  /** Mermaid: a job's graph, each task coloured by its status. */
  async jobDiagram(id: string): Promise<string> {
    const state = await this.runtime.job(id);
    const version = await this.runtime.loadVersion(state.definition.name, state.definition.version);
    return jobDiagram(version.document, state.dag.tasks);
  }

  private async headVersion(name: string): Promise<ProcessVersion> {
    const head = await this.store.definitionHead(PROCESS_KIND, name);
    if (!head) throw new DefinitionNotFoundError(PROCESS_KIND, name);
    return toProcessVersion(head);
  }
}

function jobData(state: InstanceState): { trigger: string; fireTime: number | null; reason: string | null } {
  const data = state.data as { trigger?: unknown; fireTime?: unknown; reason?: unknown };
  return {
    trigger: typeof data.trigger === 'string' ? data.trigger : 'manual',
    fireTime: typeof data.fireTime === 'number' ? data.fireTime : null,
    reason: state.dag?.status === 'skipped' && typeof data.reason === 'string' ? data.reason : null,
  };
}

function toSummary(state: InstanceState): JobSummary {
  return { id: state.id, process: state.definition!.name, version: state.definition!.version, status: state.dag!.status, ...jobData(state), created: state.created };
}

export function toJobView(state: InstanceState, doc: ProcessDocument): JobView {
  const tasks = state.dag!.tasks;
  return {
    ...toSummary(state),
    updated: state.updated,
    finishedAt: state.status === 'finished' ? state.finishedAt : null,
    // a skipped fire has no task runs
    tasks: doc.tasks.filter((t) => tasks[t.name] !== undefined).map((t) => {
      const entry = tasks[t.name] as DagTaskState;
      const after = t.after ?? [];
      return {
        name: t.name,
        action: t.action,
        status: entry.status,
        after,
        waitingFor: entry.status === 'awaiting' || entry.status === 'reopened' ? after.filter((p) => !isDone(tasks[p])) : [],
        attempts: entry.attempts,
        visit: entry.visit,
        started: entry.started,
        finished: entry.finished,
        deadline: entry.deadline,
        notBefore: entry.notBefore,
        output: entry.output,
        error: entry.error,
        actions: legalActions(entry.status, state.dag!.status),
      };
    }),
  };
}
