import { randomUUID } from 'node:crypto';
import type { ActionContext, ActionLogger, ActionRegistry, AutomationPort } from '../actions/registry.js';
import { Automation } from '../automation.js';
import type { FlowDefinition, FlowNode } from '../definition.js';
import type { DeliveryGuard } from '../deliveries.js';
import type { Engine, FlowSource } from '../engine.js';
import { AutomationError, DefinitionNotFoundError, IllegalTransitionError, InstanceNotFoundError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { DagTask, isDone, jobStatusOf, newTaskEntry } from '../nodes/dag-task.js';
import type { Node } from '../nodes/node.js';
import { ServiceNode } from '../nodes/service-node.js';
import type { NodeContext, Outcome } from '../nodes/outcome.js';
import type { RunResult } from '../run-result.js';
import type { DagState, DefinitionRef, InstanceState } from '../state.js';
import type { DefinitionHead, DefinitionVersion } from '../store.js';
import { fireTimesBetween, nextFireTime, parseCron } from './cron.js';
import { parseDurationText } from './duration-text.js';
import { PROCESS_KIND, SCHEDULE_KIND, type JobStatus, type ProcessDocument, type ProcessSchedule, type ProcessVersion, type TaskOperatorAction } from './types.js';

export { PROCESS_KIND, SCHEDULE_KIND };
/** The automation name jobs of a process are listed under. */
export const jobAutomation = (process: string): string => `process:${process}`;
export const schedulerAutomation = (process: string): string => `process-schedule:${process}`;
export const schedulerId = (process: string): string => `schedule-${process}`;
/** One job per process and fire time: its id is made of both, and created only if absent. */
export const scheduledJobId = (process: string, fireTime: number): string => `${process}~${new Date(fireTime).toISOString()}`;

/** A fire time this long past when it is handled is "missed" (downtime, throttling); the minute tick is well within it. */
export const ON_TIME_MS = 2 * 60_000;
/** catchUp 'all' starts at most this many jobs for missed times in one go; older ones count as missed. */
export const CATCH_UP_ALL_LIMIT = 50;
/** Fire times looked at in one pass (a longer outage counts the rest as missed without listing them). */
const FIRE_SCAN_LIMIT = 1_000;
/** The scheduler keeps this many recent fire events (started, skipped, missed) for the process view. */
export const RECENT_FIRES = 50;
/** How long an error hook may take (it runs under the job's lease). */
export const ERROR_HOOK_TIMEOUT_MS = 60_000;

export interface FireEvent {
  fireTime: number;
  outcome: 'started' | 'skipped' | 'missed' | 'exists';
  job?: string;
  reason?: string;
  at: number;
}

/** What a process's scheduler record keeps (its instance data). */
export interface SchedulerData {
  process: string;
  /** Fire times after this count (the schedule's start, or the last save or activation). */
  since: number;
  lastFire: number | null;
  /** The latest job by creation time, started by the schedule or on demand (runAfterError looks at it). */
  lastJob: { id: string; created: number } | null;
  started: number;
  skipped: number;
  missed: number;
  recent: FireEvent[];
}

export interface ProcessRuntimeOptions {
  engine: Engine;
  actions: ActionRegistry;
  logger?: ActionLogger;
  /** A task's timeout when its definition gives none (default 5 minutes). */
  defaultTimeoutMs?: number;
}

const silentLogger: ActionLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The class of every job instance (jobs have no receivers and no constants). */
class ProcessJob extends Automation<JsonObject> {}
/** The class of every scheduler record. */
class ProcessScheduler extends Automation<JsonObject> {}

function buildFlow(name: string, cls: typeof Automation<JsonObject>, entries: [string, Node<object>][], verboseName: string): FlowDefinition {
  const nodes: FlowNode[] = entries.map(([nodeName, node], index) => ({ name: nodeName, index, node: Object.freeze(node) as Node<object>, next: null }));
  return Object.freeze({
    name,
    verboseName,
    verboseNamePlural: verboseName,
    cls: cls as unknown as FlowDefinition['cls'],
    nodes,
    byName: new Map(nodes.map((n) => [n.name, n])),
    first: nodes[0]?.name ?? '',
    unique: false,
    timeZone: undefined,
    pollIntervalMs: undefined,
    publishReceivers: false,
    receivers: new Map(),
    constants: {},
    prototype: Object.create(cls.prototype) as Automation<object>,
    dataSchema: undefined,
  });
}

/** Job ids, names and where each awaiting task waits. */
export function descendantsOf(doc: ProcessDocument, task: string): string[] {
  const children = new Map<string, string[]>();
  for (const t of doc.tasks) for (const p of t.after ?? []) children.set(p, [...(children.get(p) ?? []), t.name]);
  const out: string[] = [];
  const seen = new Set<string>([task]);
  const queue = [task];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Processes on the engine: compiles process versions into flows (one DAG task node per task,
 * cached by name and version), creates jobs atomically, applies operator actions under the
 * job's lease, and fires schedules from scheduler records in the due index.
 */
export class ProcessRuntime {
  readonly engine: Engine;
  readonly actions: ActionRegistry;
  readonly logger: ActionLogger;
  private readonly defaultTimeoutMs: number;
  private readonly compiled = new Map<string, Promise<FlowDefinition>>();
  private readonly schedulerFlow: FlowDefinition;

  constructor(options: ProcessRuntimeOptions) {
    this.engine = options.engine;
    this.actions = options.actions;
    this.logger = options.logger ?? silentLogger;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5 * 60_000;
    this.schedulerFlow = buildFlow('process-schedule', ProcessScheduler, [['fire', new ServiceNode('Schedule', (ctx) => this.fire(ctx))]] /* the scheduler's one node: fires due times, then waits for the next one */, 'Process schedule');
    const jobs: FlowSource = { resolve: (ref) => this.flowOf(ref) };
    this.engine.useFlowSource(PROCESS_KIND, jobs);
    this.engine.useFlowSource(SCHEDULE_KIND, { resolve: async () => this.schedulerFlow });
  }

  private get store() {
    return this.engine.store;
  }

  private get now(): number {
    return this.engine.clock.now();
  }

  // ── compiling ─────────────────────────────────────────────────────────

  /** The flow of a process version (versions are immutable: compiled once per name and version). */
  async flowOf(ref: DefinitionRef): Promise<FlowDefinition> {
    const key = `${ref.name}@${ref.version}`;
    let flow = this.compiled.get(key);
    if (!flow) {
      flow = this.loadVersion(ref.name, ref.version).then((v) => this.compile(v));
      flow.catch(() => this.compiled.delete(key));
      this.compiled.set(key, flow);
    }
    return flow;
  }

  async loadVersion(name: string, version: number): Promise<ProcessVersion> {
    const stored = await this.store.definitionVersion(PROCESS_KIND, name, version);
    if (!stored) throw new DefinitionNotFoundError(PROCESS_KIND, name, version);
    return toProcessVersion(stored);
  }

  /** One DAG task node per task, each in its own invocation, retired when done. */
  compile(version: ProcessVersion): FlowDefinition {
    const doc = version.document;
    const entries: [string, Node<object>][] = doc.tasks.map((task) => {
      let node = new DagTask<object>(async (ctx, attempt) =>
        this.actions.invoke(task.action, task.params ?? {}, this.actionContext(version, ctx.task.instanceId, task.name, attempt.idempotencyKey, attempt.deadline, attempt.signal)),
      )
        .After(...(task.after ?? []))
        .Timeout(task.timeout === undefined ? this.defaultTimeoutMs : parseDurationText(task.timeout))
        .Retry(task.retry?.attempts ?? 1, task.retry?.backoff === undefined ? 0 : parseDurationText(task.retry.backoff))
        .Threaded()
        .Retire();
      if (doc.onError) node = node.OnFailure((ctx, taskName, entry, error) => this.runErrorHook(version, ctx.task.instanceId, taskName, entry.visit, error));
      return [task.name, node];
    });
    return buildFlow(jobAutomation(doc.name), ProcessJob, entries, `Process ${doc.name}`);
  }

  private actionContext(version: ProcessVersion, job: string, task: string, idempotencyKey: string, deadline: number, signal: AbortSignal): ActionContext {
    return {
      logger: this.logger,
      idempotencyKey,
      deadline,
      signal,
      automations: this.automationPort(),
      process: { name: version.name, version: version.version, job, task },
    };
  }

  /** Runs the process's error hook once for a failed task; its own failure is logged, never thrown. */
  private async runErrorHook(version: ProcessVersion, job: string, task: string, visit: number, error: unknown): Promise<void> {
    const hook = version.document.onError!;
    const deadline = this.now + ERROR_HOOK_TIMEOUT_MS;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('the error hook timed out')), ERROR_HOOK_TIMEOUT_MS);
    timer.unref?.();
    try {
      await this.actions.invoke(hook.action, hook.params ?? {}, this.actionContext(version, job, task, `${job}:${task}:${visit}:onError`, deadline, controller.signal));
    } catch (hookError) {
      this.logger.error('the error hook of a process failed', {
        process: version.name, job, task, hook: hook.action,
        error: hookError instanceof Error ? hookError.message : String(hookError),
        taskError: error instanceof Error ? error.message : String(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** startAutomation / sendMessage through this engine. */
  automationPort(): AutomationPort {
    const engine = this.engine;
    return {
      // under the task's idempotency key (a delivery id), a repeated attempt finds the instance the first one created
      async start(automation, data, options) {
        const delivery = deliveryOf('startAutomation', automation, options?.idempotencyKey);
        const instance = await engine.start(engine.definition(automation).cls, data, delivery ? { delivery } : {});
        return { id: instance.id };
      },
      // the target applies a delivery id once: a repeated attempt is a no-op while the target still holds its mark
      async sendMessage(target, message, data, options) {
        const delivery = deliveryOf('sendMessage', target.automation, options?.idempotencyKey);
        const guard = delivery ? { delivery } : {};
        if (target.id !== undefined) return (await engine.sendMessage(target.id, message, undefined, data, { automation: target.automation, ...guard })).result;
        if (target.key !== undefined) return (await engine.sendMessage(engine.idFromKey(target.key), message, undefined, data, { automation: target.automation, ...guard })).result;
        return engine.broadcastMessage(target.automation, message, undefined, data, guard);
      },
    };
  }

  // ── jobs ──────────────────────────────────────────────────────────────

  /**
   * Creates a job of `version` in one write — every task awaiting (an inactive one skipped) —
   * and runs it. With an id that exists already, nothing is written (`created: false`).
   */
  async createJob(version: ProcessVersion, options: { id?: string; trigger: 'schedule' | 'manual'; fireTime?: number; by?: string }): Promise<{ id: string; created: boolean; run: RunResult | null }> {
    const doc = version.document;
    const now = this.now;
    const dag: DagState = { status: 'initialized', tasks: {} };
    const paths: InstanceState['paths'] = [];
    for (const task of doc.tasks) {
      const active = task.active !== false;
      dag.tasks[task.name] = active ? newTaskEntry('awaiting', 1) : { ...newTaskEntry('skipped', 1), finished: now };
      if (active) paths.push({ id: paths.length, node: task.name, task: null, taskCreated: null, frames: [] });
    }
    dag.status = jobStatusOf(dag);
    const finished = dag.status === 'finished';
    const id = options.id ?? `job-${randomUUID()}`;
    const state: InstanceState = {
      id,
      automation: jobAutomation(doc.name),
      version: 1,
      status: finished ? 'finished' : 'running',
      data: {
        process: doc.name, version: version.version, trigger: options.trigger,
        ...(options.fireTime === undefined ? {} : { fireTime: options.fireTime }), ...(options.by === undefined ? {} : { by: options.by }),
      },
      paths,
      nextSeq: 1,
      nextPathId: paths.length,
      created: now,
      updated: now,
      finishedAt: finished ? now : null,
      dueAt: null,
      uniqueKey: null,
      lease: null,
      anchors: {},
      error: null,
      definition: { kind: PROCESS_KIND, name: doc.name, version: version.version },
      dag,
    };
    const { created, run } = await this.engine.createInstance(state);
    if (created && options.trigger === 'manual') await this.noteManualJob(doc.name, { id, created: now });
    return { id, created, run };
  }

  /**
   * Tells the process's scheduler record about a job started on demand, so that runAfterError
   * sees the latest job whatever started it. Best effort: a scheduler record busy beyond the
   * busy wait keeps its older pointer (logged), and the guard then looks at the unfinished jobs only.
   */
  private async noteManualJob(process: string, job: { id: string; created: number }): Promise<void> {
    try {
      await this.engine.update(schedulerId(process), ({ state }) => {
        noteLatest(state.data as unknown as SchedulerData, job);
      });
    } catch (error) {
      if (error instanceof InstanceNotFoundError) return;
      this.logger.warn('the scheduler record could not note a job run on demand', { process, job: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * A skipped fire as a row of the job list: a finished instance with the fire time's job id
   * (created only if absent, like a job), job status `skipped`, no task and the reason. It
   * occupies the fire time (no job can be created for it later) and expires with the job
   * history. One small write per skipped fire.
   */
  private async recordSkippedFire(version: ProcessVersion, fireTime: number, reason: string): Promise<void> {
    const now = this.now;
    const name = version.document.name;
    const state: InstanceState = {
      id: scheduledJobId(name, fireTime), automation: jobAutomation(name), version: 1, status: 'finished',
      data: { process: name, version: version.version, trigger: 'schedule', fireTime, reason },
      paths: [], nextSeq: 1, nextPathId: 0, created: now, updated: now, finishedAt: now, dueAt: null, uniqueKey: null, lease: null, anchors: {}, error: null,
      definition: { kind: PROCESS_KIND, name, version: version.version },
      dag: { status: 'skipped', tasks: {} },
    };
    await this.engine.createInstance(state, { run: false });
  }

  /** The job's state, or 404 when the id is not a job. */
  async job(id: string): Promise<InstanceState & { dag: DagState; definition: DefinitionRef }> {
    const state = await this.store.get(id);
    if (!state || state.definition?.kind !== PROCESS_KIND || !state.dag) throw new InstanceNotFoundError(id);
    return state as InstanceState & { dag: DagState; definition: DefinitionRef };
  }

  /** retry, force, cancel or reopen one task: legal transitions only, in one commit under the job's lease. */
  async taskAction(jobId: string, task: string, action: TaskOperatorAction): Promise<RunResult> {
    await this.job(jobId);
    return this.engine.update(jobId, async ({ state, runner, now }) => {
      const dag = state.dag;
      if (state.definition?.kind !== PROCESS_KIND || !dag) throw new InstanceNotFoundError(jobId);
      if (dag.status === 'skipped') throw new IllegalTransitionError(`Job "${jobId}" is a skipped fire: it has no tasks to act on`);
      const entry = dag.tasks[task];
      if (!entry) throw new AutomationError(`Job "${jobId}" has no task "${task}"`, 404, 'task_not_found');
      if (dag.status === 'cancelled') throw new IllegalTransitionError(`Job "${jobId}" is cancelled: its tasks can no longer change`);
      const refuse = (allowed: string): never => {
        throw new IllegalTransitionError(`Cannot ${action} task "${task}" of job "${jobId}": it is ${entry.status} (${action} needs ${allowed})`);
      };
      const pathOf = (name: string) => state.paths.find((p) => p.node === name);
      switch (action) {
        case 'retry':
          if (entry.status !== 'error') refuse('error');
          dag.tasks[task] = newTaskEntry('awaiting', entry.visit + 1);
          if (!pathOf(task)) runner.addPath(task);
          break;
        case 'force':
          if (entry.status !== 'error') refuse('error');
          entry.status = 'forced';
          entry.finished = now;
          break;
        case 'cancel': {
          if (entry.status !== 'awaiting' && entry.status !== 'reopened' && entry.status !== 'error') refuse('awaiting or error');
          entry.status = 'cancelled';
          entry.finished = now;
          entry.notBefore = null;
          const path = pathOf(task);
          if (path) runner.retirePath(path, 'cancelled by an operator');
          break;
        }
        case 'reopen': {
          if (!isDone(entry)) refuse('finished, forced, cancelled or skipped');
          const version = await this.loadVersion(state.definition.name, state.definition.version);
          const descendants = descendantsOf(version.document, task);
          const running = descendants.filter((d) => dag.tasks[d]?.status === 'running');
          if (running.length) throw new IllegalTransitionError(`Cannot reopen task "${task}" of job "${jobId}" while its descendant ${running.map((r) => `"${r}"`).join(', ')} is running`);
          dag.tasks[task] = newTaskEntry('reopened', entry.visit + 1);
          if (!pathOf(task)) runner.addPath(task);
          for (const d of descendants) {
            const e = dag.tasks[d]!;
            if (e.status === 'awaiting' || e.status === 'reopened' || e.status === 'skipped') continue; // inactive tasks stay skipped
            dag.tasks[d] = newTaskEntry('awaiting', e.visit + 1);
            if (!pathOf(d)) runner.addPath(d);
          }
          break;
        }
        default:
          throw new AutomationError(`"${String(action)}" is not an operator action (retry, force, cancel, reopen)`, 400, 'bad_request');
      }
      dag.status = jobStatusOf(dag);
      this.settleInstance(state, runner);
    });
  }

  /** Cancels a job that is initialized or in error: its awaiting and error tasks are cancelled; running ones finish on their own, unrecorded in the job status. */
  async cancelJob(jobId: string): Promise<RunResult> {
    await this.job(jobId);
    return this.engine.update(jobId, ({ state, runner, now }) => {
      const dag = state.dag!;
      if (dag.status === 'finished' || dag.status === 'cancelled' || dag.status === 'skipped') throw new IllegalTransitionError(`Job "${jobId}" is ${dag.status} and cannot be cancelled`);
      dag.status = 'cancelled';
      for (const [name, entry] of Object.entries(dag.tasks)) {
        if (entry.status !== 'awaiting' && entry.status !== 'reopened' && entry.status !== 'error') continue;
        entry.status = 'cancelled';
        entry.finished = now;
        entry.notBefore = null;
        const path = state.paths.find((p) => p.node === name);
        if (path) runner.retirePath(path, 'cancelled: the job was cancelled');
      }
      this.settleInstance(state, runner);
    });
  }

  /** A job instance ends with its last path once the job is finished or cancelled, and runs again when a change revives it. */
  private settleInstance(state: InstanceState, runner: Parameters<Parameters<Engine['update']>[1]>[0]['runner']): void {
    const status = state.dag!.status;
    if (state.paths.length > 0 && state.status === 'finished') {
      state.status = 'running';
      state.finishedAt = null;
    } else if (state.paths.length === 0 && (status === 'finished' || status === 'cancelled') && state.status !== 'finished') {
      runner.endHere();
    }
  }

  // ── schedules ─────────────────────────────────────────────────────────

  /**
   * Makes the process's scheduler record follow its head (after a save, an activation or a
   * deactivation): created on first use, else its start moved to now and run, so that it
   * waits for the next fire time of the current version (or for nothing, when inactive).
   */
  async reschedule(process: string): Promise<void> {
    const now = this.now;
    const id = schedulerId(process);
    const existing = await this.store.get(id);
    if (!existing) {
      const data: SchedulerData = { process, since: now, lastFire: null, lastJob: null, started: 0, skipped: 0, missed: 0, recent: [] };
      const state: InstanceState = {
        id, automation: schedulerAutomation(process), version: 1, status: 'running', data: data as unknown as JsonObject,
        paths: [{ id: 0, node: 'fire', task: null, taskCreated: null, frames: [] }], nextSeq: 1, nextPathId: 1,
        created: now, updated: now, finishedAt: null, dueAt: null, uniqueKey: null, lease: null, anchors: {}, error: null,
        definition: { kind: SCHEDULE_KIND, name: process, version: 0 },
      };
      const { created } = await this.engine.createInstance(state);
      if (created) return;
    }
    await this.engine.update(id, ({ state }) => {
      (state.data as unknown as SchedulerData).since = now;
    });
  }

  async schedulerData(process: string): Promise<SchedulerData | undefined> {
    const state = await this.store.get(schedulerId(process));
    return state ? (state.data as unknown as SchedulerData) : undefined;
  }

  /** The scheduler node's run: starts the jobs of due fire times (catch-up and guards applied), then waits for the next. */
  async fire(ctx: NodeContext<object>): Promise<Outcome> {
    const data = ctx.task.data as SchedulerData;
    const now = ctx.now;
    const head = await this.store.definitionHead(PROCESS_KIND, data.process);
    const doc = head?.document as ProcessDocument | undefined;
    const schedule = doc?.schedule;
    const parsed = schedule ? parseCron(schedule.cron) : undefined;
    if (!head || !head.active || !schedule || !parsed?.ok) {
      data.since = now; // nothing is missed while there is nothing to fire
      data.lastFire = null;
      return { kind: 'wait', reason: 'time' };
    }
    const timeZone = schedule.timeZone ?? 'UTC';
    const from = Math.max(data.lastFire ?? data.since, data.since);
    const times = fireTimesBetween(parsed.cron, from, now, timeZone, FIRE_SCAN_LIMIT);
    if (times.length > 0) {
      const policy = schedule.catchUp ?? 'latest';
      const toFire = policy === 'none' ? times.filter((t) => now - t <= ON_TIME_MS).slice(-1) : policy === 'latest' ? times.slice(-1) : times.slice(-CATCH_UP_ALL_LIMIT);
      const firing = new Set(toFire);
      const version = toProcessVersion(head);
      for (const t of times) {
        if (firing.has(t)) continue;
        data.missed += 1;
        this.record(data, { fireTime: t, outcome: 'missed', reason: `catchUp ${policy}`, at: now });
        this.logger.warn('a fire time of a process was missed', { process: data.process, fireTime: new Date(t).toISOString(), catchUp: policy });
      }
      if (times.length === FIRE_SCAN_LIMIT) this.logger.warn('more fire times were missed than are listed', { process: data.process, after: new Date(times.at(-1)!).toISOString() });
      for (const t of toFire) {
        const reason = await this.guard(data, schedule);
        if (reason !== undefined) {
          data.skipped += 1;
          await this.recordSkippedFire(version, t, reason);
          this.record(data, { fireTime: t, outcome: 'skipped', job: scheduledJobId(data.process, t), reason, at: now });
          this.logger.info('a fire of a process was skipped', { process: data.process, fireTime: new Date(t).toISOString(), reason });
          continue;
        }
        const id = scheduledJobId(data.process, t);
        const { created } = await this.createJob(version, { id, trigger: 'schedule', fireTime: t });
        if (created) {
          data.started += 1;
          noteLatest(data, { id, created: now });
        }
        this.record(data, { fireTime: t, outcome: created ? 'started' : 'exists', job: id, at: now });
      }
      data.lastFire = times.at(-1)!;
    }
    return { kind: 'wait', reason: 'time', until: nextFireTime(parsed.cron, now, timeZone) };
  }

  private record(data: SchedulerData, event: FireEvent): void {
    data.recent = [...data.recent, event].slice(-RECENT_FIRES);
  }

  /**
   * Why a scheduled fire must be skipped, or undefined. overlap: false — a job of the process
   * is still initialized; runAfterError: false — the latest job is in error. Cancelled jobs
   * never block. Only unfinished jobs are read (the process's active partition).
   */
  private async guard(data: SchedulerData, schedule: ProcessSchedule): Promise<string | undefined> {
    const overlap = schedule.overlap ?? false;
    const runAfterError = schedule.runAfterError ?? false;
    if (overlap && runAfterError) return undefined;
    const jobs = (await this.activeJobs(data.process)).filter((j) => j.dag?.status !== 'cancelled');
    if (!overlap) {
      const open = jobs.find((j) => j.dag?.status === 'initialized');
      if (open) return `overlap: job ${open.id} is unfinished`;
    }
    if (!runAfterError && jobs.length > 0) {
      let latest = jobs.reduce((a, b) => (newer(b, a) ? b : a));
      const last = data.lastJob;
      if (last !== null && newer(last, latest) && !jobs.some((j) => j.id === last.id)) {
        // newer than every unfinished job, so finished or cancelled: a finished one is the latest; a cancelled one never blocks (nor clears)
        const state = await this.store.get(last.id);
        if (state?.dag && state.dag.status !== 'cancelled') latest = state;
      }
      if (latest.dag?.status === 'error') return `runAfterError: the latest job ${latest.id} is in error`;
    }
    return undefined;
  }

  /** Jobs of a process whose instance has not finished (the job may be initialized, in error, or cancelled with a task still running). */
  async activeJobs(process: string): Promise<InstanceState[]> {
    const out: InstanceState[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list({ automation: jobAutomation(process), statuses: ['running', 'waiting', 'error'], limit: 100, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) {
        const state = await this.store.get(item.id);
        if (state) out.push(state);
      }
      cursor = page.cursor;
    } while (cursor);
    return out;
  }
}

/**
 * The delivery a task's start or message carries: its id from the task's idempotency key.
 * `uncertainSince: null`: actions do not know their attempt number, so a repeat is recognised by
 * the target's mark alone (the target keeps its 64 latest marks; see docs/processes.md).
 */
function deliveryOf(kind: string, automation: string, key: string | undefined): DeliveryGuard | undefined {
  return key === undefined ? undefined : { id: `process-task:${kind}:${automation}:${key}`, uncertainSince: null };
}

/** a was created after b (ties: the greater id, so that fire times in one pass order by time). */
function newer(a: { id: string; created: number }, b: { id: string; created: number }): boolean {
  return a.created > b.created || (a.created === b.created && a.id > b.id);
}

function noteLatest(data: SchedulerData, job: { id: string; created: number }): void {
  if (data.lastJob === null || newer(job, data.lastJob)) data.lastJob = job;
}

export function toProcessVersion(stored: DefinitionVersion | DefinitionHead): ProcessVersion {
  return {
    name: stored.name,
    version: stored.version,
    document: stored.document as unknown as ProcessDocument,
    savedAt: stored.savedAt,
    ...(stored.savedBy === undefined ? {} : { savedBy: stored.savedBy }),
  };
}

export type { JobStatus };
