import type { Automation } from './automation.js';
import type { Clock } from './clock.js';
import type { FlowDefinition, FlowNode } from './definition.js';
import { toMilliseconds, toTimestamp, toWaitMilliseconds, type Duration } from './duration.js';
import { LeaseLostError, RaceLostError } from './errors.js';
import { toJsonObjectWithText, toJsonResult, type Json } from './json.js';
import type { MessageTarget } from './messages.js';
import type { Node } from './nodes/node.js';
import type { NodeContext, Outcome, WaitReason } from './nodes/outcome.js';
import { Ref } from './refs.js';
import type { BackgroundJob, Position, RunResult, Wake } from './run-result.js';
import type { Assignment, InstanceState, PathState, TaskError, TaskRecord } from './state.js';
import type { Store } from './store.js';
import { StepContext, StepTask, type StepHost } from './step-context.js';
import type { Task } from './task.js';

export interface RunnerSettings {
  store: Store;
  clock: Clock;
  leaseMs: number;
  pollIntervalMs: number;
  timeZone: string;
  maxStepsPerRun: number;
  dataLimitBytes: number;
}

/** How the runner reaches the rest of the engine (messages, other instances). */
export interface RunnerHooks {
  resolveMessageTarget(spec: unknown, evaluate: (spec: unknown) => Promise<unknown>): Promise<MessageTarget>;
  send(from: InstanceRun, target: MessageTarget, message: string, token: string | undefined, data: unknown): Promise<unknown>;
}

interface Wait {
  reason: WaitReason;
  until: number | null;
  poll: boolean;
}

const MAX_ERROR_MESSAGE = 1_000;
const MAX_STACK = 4_000;

export function describeError(error: unknown): TaskError {
  const e = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(toJsonResult(error)));
  const header = `${e.name}: ${e.message}`;
  let stack = e.stack ?? header;
  // the message is kept on its own; the stack keeps its frames rather than a long message
  if (stack.startsWith(header)) stack = `${e.name}: ${e.message.slice(0, 200)}${stack.slice(header.length)}`;
  return { name: e.name.slice(0, 100), message: e.message.slice(0, MAX_ERROR_MESSAGE), stack: stack.slice(0, MAX_STACK) };
}

/**
 * One run of one instance: executes node after node and commits their outcomes with
 * compare-and-set writes, several nodes at a time (see docs/engine.md, *Concurrency and
 * crashes*). A run may start without the lease (`leased: false`): then everything it does
 * before its first node with effects stays in memory, and the commit made before that node
 * (or the final one) takes the lease — a lost race there has written nothing and executed no
 * effect (RaceLostError). Under the lease it commits before an effect only when the lease is
 * half spent, and gives the lease back with its last commit.
 */
export class InstanceRun implements StepHost {
  private pending: TaskRecord[] = [];
  private leased: boolean;
  private lastCommit: number;
  /** The data as JSON text when the last step accepted it (what a failing next step rolls back to); unset when it may have changed since. */
  private dataText: string | undefined;
  private dirty = false;
  private readonly waits = new Map<number, Wait>();
  private readonly background: BackgroundJob[] = [];
  private steps = 0;
  private yielded = false;
  private releaseUnique = false;
  /** Called once, after the next commit lands (onCommitted). */
  private committed: (() => void)[] = [];
  /** The instance is not stored yet: the run's first commit creates it (see `createOnFirstCommit`). */
  private uncreated = false;

  constructor(
    readonly def: FlowDefinition,
    readonly state: InstanceState,
    readonly automation: Automation<object>,
    private readonly settings: RunnerSettings,
    private readonly hooks: RunnerHooks,
    private readonly owner: string,
    /** Whether the committed state already holds this run's lease (a create, an acquired lease). */
    leased = true,
  ) {
    this.leased = leased;
    this.lastCommit = settings.clock.now();
  }

  /** Calls `fn` once the next commit of this run has landed (what is in the state now is then durable). */
  onCommitted(fn: () => void): void {
    this.committed.push(fn);
  }

  /**
   * For a start: the instance (version 0, held in memory only) is created by the run's first
   * commit — before the first node with effects, with the lease, or as the run's last commit
   * when it parks before any effect. If another instance holds its unique key, nothing is
   * written and the run throws RaceLostError; an existing id throws InstanceExistsError.
   */
  createOnFirstCommit(): void {
    if (this.state.version !== 0 || this.leased) throw new Error('Only an unleased run of an instance at version 0 creates it');
    this.uncreated = true;
  }

  /** Whether this run holds the lease in the committed state (false until an unleased run's first commit). */
  get holdsLease(): boolean {
    return this.leased;
  }

  private get now(): number {
    return this.settings.clock.now();
  }

  /** Runs until nothing can progress, then commits the outcome and releases the lease. */
  async run(): Promise<RunResult> {
    if (this.state.status !== 'error' && this.state.status !== 'finished') {
      this.state.status = 'running';
      await this.loop();
    }
    return this.finish();
  }

  private async loop(): Promise<void> {
    for (;;) {
      let progressed = false;
      for (const path of [...this.state.paths]) {
        if (!this.state.paths.includes(path) || path.joined) continue;
        if (path.background) {
          if (await this.checkBackground(path)) {
            progressed = true;
            this.waits.delete(path.id);
          }
          if (this.state.status === 'error' || this.state.status === 'finished') return;
          continue;
        }
        if (await this.step(path)) {
          progressed = true;
          this.waits.delete(path.id);
        }
        if (this.state.status === 'error' || this.state.status === 'finished') return;
        if (this.steps >= this.settings.maxStepsPerRun) {
          this.yielded = true;
          return;
        }
      }
      if (!progressed) return;
    }
  }

  /** Executes or re-checks the node `path` stands at; true if the path moved on. */
  private async step(path: PathState): Promise<boolean> {
    const fn = this.def.byName.get(path.node);
    if (!fn) {
      this.stopOnError(path, path.node, new Error(`node '${path.node}' no longer exists in ${this.def.name}`));
      return false;
    }
    const opened = path.task === null;
    if (opened) {
      // opening a task is committed with the node's outcome (or the run's last commit), never on its own
      path.task = this.state.nextSeq++;
      path.taskCreated = this.now;
    }
    const { node } = fn;
    const options = node.options;
    const ctx = this.context(path, fn);
    let outcome: Outcome;
    const before = this.dataText ?? JSON.stringify(this.automation.data);
    this.dataText = undefined;
    try {
      if (options.skipIf !== undefined && (await ctx.evaluate(options.skipIf))) return this.skip(path, fn);
      const deadline = options.skipAfter === undefined ? null : path.taskCreated! + toMilliseconds(options.skipAfter);
      if (deadline !== null && this.now >= deadline) return this.skip(path, fn);
      let until = -Infinity;
      if (options.waitUntil !== undefined) until = toTimestamp((await ctx.evaluate(options.waitUntil)) as Date | number | string, `AfterWaitingUntil of '${fn.name}'`);
      if (options.waitFor !== undefined) until = Math.max(until, path.taskCreated! + toWaitMilliseconds((await ctx.evaluate(options.waitFor)) as Duration));
      if (this.now < until) return this.wait(path, fn, opened, 'time', Math.min(until, deadline ?? Infinity), false);
      if (options.asSoonAs !== undefined && !(await ctx.evaluate(options.asSoonAs))) {
        return this.wait(path, fn, opened, 'condition', Math.min(this.now + this.pollInterval, deadline ?? Infinity), true);
      }
      if (node.runsInBackground) return this.queueBackground(path, fn, opened);
      if (node.afterCommit) await this.flush();
      else if (node.hasEffectsIn(this.def)) await this.beforeEffect();
      outcome = await node.run(ctx);
      if (outcome.kind === 'wait' && deadline !== null) outcome = { ...outcome, until: Math.min(outcome.until ?? Infinity, deadline) };
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      outcome = { kind: 'fail', error, ...this.onErrorTarget(node) };
    }
    if (outcome.kind !== 'fail') {
      try {
        this.acceptData();
      } catch (error) {
        outcome = { kind: 'fail', error, ...this.onErrorTarget(node) };
      }
    }
    if (outcome.kind === 'fail') this.rollbackData(before);
    return this.apply(path, fn, outcome, opened);
  }

  private get pollInterval(): number {
    return this.def.pollIntervalMs ?? this.settings.pollIntervalMs;
  }

  private onErrorTarget(node: Node<object>): { to?: string } {
    if (node.onError === undefined) return {};
    const t = node.onError;
    return { to: t instanceof Ref ? t.name : t.replace(/^self\./, '') };
  }

  /** Validates the data a node left behind (JSON, size); throws if the node broke it. */
  private acceptData(): void {
    const { object, text } = toJsonObjectWithText(this.automation.data, `The data of ${this.def.name} instance ${this.state.id}`, this.settings.dataLimitBytes);
    this.state.data = object;
    (this.automation as { data: object }).data = object;
    this.dataText = text;
  }

  private rollbackData(before: string): void {
    this.dataText = before;
    this.state.data = JSON.parse(before) as InstanceState['data'];
    (this.automation as { data: object }).data = this.state.data;
  }

  /** Applies a node's outcome to the path; true if the path moved on. */
  apply(path: PathState, fn: FlowNode, outcome: Outcome, opened: boolean): boolean {
    switch (outcome.kind) {
      case 'next':
        this.finishTask(path, fn, 'OK', outcome.result);
        this.advance(path, outcome.to ?? fn.next!);
        return true;
      case 'wait':
        return this.wait(path, fn, opened, outcome.reason, outcome.until ?? null, false, outcome.assignment);
      case 'split': {
        this.finishTask(path, fn, 'OK', { paths: outcome.to });
        const frame = { split: path.task!, size: outcome.to.length };
        const children = outcome.to.map((node) => ({
          id: this.state.nextPathId++, node, task: null, taskCreated: null, frames: [...path.frames, frame],
        }));
        this.state.paths.splice(this.state.paths.indexOf(path), 1, ...children);
        this.steps++;
        return true;
      }
      case 'join':
        return this.arriveAtJoin(path, fn, opened);
      case 'end':
        this.end(path, fn);
        return true;
      case 'background':
        return this.queueBackground(path, fn, opened, outcome.deadline);
      case 'retire':
        this.retire(path, fn, outcome);
        return true;
      case 'fail':
        if (outcome.to !== undefined) {
          this.finishTask(path, fn, this.errorLine(outcome.error), null, describeError(outcome.error));
          this.advance(path, outcome.to);
          return true;
        }
        this.stopOnError(path, fn.name, outcome.error);
        return false;
    }
  }

  private errorLine(error: unknown): string {
    const e = describeError(error);
    return `${e.name}: ${e.message}`.slice(0, MAX_ERROR_MESSAGE);
  }

  private skip(path: PathState, fn: FlowNode): boolean {
    this.finishTask(path, fn, 'skipped', null);
    this.advance(path, fn.next!);
    return true;
  }

  private wait(path: PathState, fn: FlowNode, opened: boolean, reason: WaitReason, until: number | null, poll: boolean, assignment?: Assignment | null): false {
    this.waits.set(path.id, { reason, until: until === null || until === Infinity ? null : until, poll });
    if (opened) this.pending.push(this.record(path, fn, null, null, null, null, assignment));
    return false;
  }

  private queueBackground(path: PathState, fn: FlowNode, opened: boolean, deadline?: number): false {
    path.background = { owner: '', since: this.now, ...(deadline === undefined ? {} : { deadline }) };
    this.dirty = true;
    this.background.push({ instanceId: this.state.id, task: path.task!, dispatchedAt: this.now });
    return this.wait(path, fn, opened, 'background', this.backgroundDue(path.background), false);
  }

  /** When a background job needs a look: its deadline, or (until claimed, or without a deadline) the lease time. */
  private backgroundDue(bg: NonNullable<PathState['background']>): number {
    const handOut = bg.since + this.settings.leaseMs;
    if (bg.deadline === undefined) return handOut;
    return bg.owner === '' ? Math.min(handOut, bg.deadline) : bg.deadline;
  }

  /**
   * A job past its deadline has failed (its runner is too slow or died: the node settles it as a
   * failure). Without a deadline, a job nobody finished within the lease time is handed out
   * again; with one, only a job nobody claimed is (a claimed one may have had effects).
   */
  private async checkBackground(path: PathState): Promise<boolean> {
    this.dataText = undefined; // settling a job may change the data
    const bg = path.background!;
    const fn = this.def.byName.get(path.node);
    if (fn && bg.deadline !== undefined && this.now >= bg.deadline) {
      delete path.background;
      this.dirty = true;
      await this.beforeEffect(); // settling may have effects (an error hook)
      const ctx = this.context(path, fn);
      const error = new Error(`no result by the deadline ${new Date(bg.deadline).toISOString()}: the task timed out or its runner died`);
      error.name = 'TaskTimeoutError';
      return this.apply(path, fn, await fn.node.settle(ctx, { kind: 'fail', error }), false);
    }
    if (this.now >= bg.since + this.settings.leaseMs && (bg.owner === '' || bg.deadline === undefined)) {
      path.background = { ...bg, owner: '', since: this.now };
      this.dirty = true;
      this.background.push({ instanceId: this.state.id, task: path.task!, dispatchedAt: this.now });
    }
    this.waits.set(path.id, { reason: 'background', until: this.backgroundDue(path.background!), poll: false });
    return false;
  }

  /** Closes the path's task and removes the path; `end` finishes the instance once no path is left. */
  private retire(path: PathState, fn: FlowNode, outcome: Extract<Outcome, { kind: 'retire' }>): void {
    if (path.task !== null) {
      const failed = outcome.error !== undefined;
      this.finishTask(path, fn, failed ? this.errorLine(outcome.error) : (outcome.message ?? 'OK'), outcome.result, failed ? describeError(outcome.error) : null);
    }
    this.removePath(path);
    this.steps++;
    if (outcome.end && this.state.paths.length === 0) this.endHere();
  }

  private removePath(path: PathState): void {
    const index = this.state.paths.indexOf(path);
    if (index >= 0) this.state.paths.splice(index, 1);
    this.waits.delete(path.id);
    this.dirty = true;
  }

  /** Removes a path from outside (an operator cancelled its DAG task), closing its open task with `message`. */
  retirePath(path: PathState, message: string): void {
    const fn = this.def.byName.get(path.node);
    if (path.task !== null && fn) this.finishTask(path, fn, message, null);
    this.removePath(path);
  }

  /** Finishes the instance now (no path is left, e.g. a job whose last tasks were cancelled). */
  endHere(): void {
    this.state.status = 'finished';
    this.state.finishedAt = this.now;
    this.releaseUnique = this.state.uniqueKey !== null;
    this.waits.clear();
    this.dirty = true;
  }

  /** Closes the path's task with `message` and moves the path to `node` (a resubmission sends it back). */
  movePath(path: PathState, node: string, message: string): void {
    const fn = this.def.byName.get(path.node);
    if (path.task !== null && fn) this.finishTask(path, fn, message, null);
    this.advance(path, node);
  }

  /** Opens a path at `node` (e.g. a DAG task an operator retried). */
  addPath(node: string): PathState {
    const path: PathState = { id: this.state.nextPathId++, node, task: null, taskCreated: null, frames: [] };
    this.state.paths.push(path);
    this.dirty = true;
    return path;
  }

  private arriveAtJoin(path: PathState, fn: FlowNode, opened: boolean): boolean {
    const frame = path.frames.at(-1);
    if (!frame) {
      this.finishTask(path, fn, 'OK', null); // a Join reached without a Split (e.g. the Split was skipped) lets the path through
      this.advance(path, fn.next!);
      return true;
    }
    path.joined = true;
    this.dirty = true;
    if (opened) this.pending.push(this.record(path, fn, null, null, null, null));
    const members = this.state.paths.filter((p) => p.frames.some((f) => f.split === frame.split));
    const complete = members.every((p) => p.joined && p.node === fn.name && p.frames.at(-1)?.split === frame.split);
    if (!complete) {
      this.waits.set(path.id, { reason: 'join', until: null, poll: false });
      return false;
    }
    const survivor = members.reduce((a, b) => (a.id <= b.id ? a : b));
    for (const member of members) {
      this.finishTask(member, fn, member === survivor ? 'OK' : 'joined', member === survivor ? { joined: members.length } : null);
      this.waits.delete(member.id);
    }
    this.state.paths = this.state.paths.filter((p) => p === survivor || !members.includes(p));
    survivor.frames = survivor.frames.slice(0, -1);
    delete survivor.joined;
    this.advance(survivor, fn.next!);
    return true;
  }

  private end(path: PathState, fn: FlowNode): void {
    this.finishTask(path, fn, 'OK', null);
    for (const other of this.state.paths) {
      if (other === path || other.task === null) continue;
      const otherNode = this.def.byName.get(other.node);
      this.pending.push(this.record(other, otherNode ?? fn, `cancelled: the instance ended at '${fn.name}'`, null, null, this.now));
    }
    this.state.paths = [];
    this.state.status = 'finished';
    this.state.finishedAt = this.now;
    this.releaseUnique = this.state.uniqueKey !== null;
    this.waits.clear();
  }

  private stopOnError(path: PathState, node: string, error: unknown): void {
    const fn = this.def.byName.get(node);
    const seq = path.task;
    if (seq !== null) {
      this.pending.push({
        instanceId: this.state.id, automation: this.state.automation, seq, node, path: path.id, created: path.taskCreated ?? this.now, finished: this.now,
        message: this.errorLine(error), result: null, error: describeError(error),
        ...(fn?.node.humanTask() && !fn.node.humanTask()!.decisionOnly ? { assignment: fn.node.humanTask()!.assignment } : {}),
        ...(this.state.definition ? { definition: this.state.definition } : {}),
      });
    }
    this.state.status = 'error';
    this.state.error = { node, task: seq ?? -1, message: this.errorLine(error) };
    path.task = null;
    path.taskCreated = null;
    this.dirty = true;
  }

  private advance(path: PathState, to: string): void {
    path.node = to;
    path.task = null;
    path.taskCreated = null;
    this.dirty = true;
    this.steps++;
  }

  private record(path: PathState, fn: FlowNode, message: string | null, result: Json, error: TaskError | null, finished: number | null, assignment?: Assignment | null): TaskRecord {
    const record: TaskRecord = {
      instanceId: this.state.id, automation: this.state.automation, seq: path.task!, node: fn.name, path: path.id, created: path.taskCreated!, finished, message, result, error,
    };
    const human = fn.node.humanTask();
    // an Approval step's own task is no human task: its items are separate records
    const formAssignment = assignment === undefined ? (human?.decisionOnly ? undefined : human?.assignment) : assignment;
    if (formAssignment !== undefined && formAssignment !== null) record.assignment = formAssignment;
    if (this.state.definition) record.definition = this.state.definition;
    return record;
  }

  /** Adds or replaces a task record in the next commit (e.g. an approval item opened or closed). */
  writeTask(record: TaskRecord): void {
    this.pending.push(this.state.definition && !record.definition ? { ...record, definition: this.state.definition } : record);
    this.dirty = true;
  }

  /** Gives up the unique claim with the last commit of this run, although the instance goes on. */
  releaseUniqueKey(): void {
    this.releaseUnique = this.state.uniqueKey !== null;
  }

  private finishTask(path: PathState, fn: FlowNode, message: string, result: unknown, error: TaskError | null = null, completedBy?: string): void {
    const record = this.record(path, fn, message, toJsonResult(result), error, this.now);
    if (completedBy !== undefined) record.completedBy = completedBy;
    this.pending.push(record);
    this.dirty = true;
  }

  /** Completes a waiting task from outside (a form submission) and moves its path on. */
  completeTask(path: PathState, fn: FlowNode, result: unknown, completedBy: string): void {
    this.finishTask(path, fn, 'OK', result, null, completedBy);
    this.advance(path, fn.next!);
  }

  /** The task records this run would commit, handed to a commit made without the lease (which it then owns). */
  takePending(): TaskRecord[] {
    const pending = this.pending;
    this.pending = [];
    this.dirty = false;
    return pending;
  }

  /** What a change committed without the lease reports: the state as it is, its due time unchanged (at worst an early look). */
  unleasedResult(): RunResult {
    const state = this.state;
    const positions: Position[] = state.paths.map((p) => ({ path: p.id, node: p.node, waiting: (p.waiting?.reason as WaitReason | undefined) ?? null, until: p.waiting?.until ?? null }));
    const wake: Wake = state.dueAt === null ? { kind: 'external' } : { kind: 'at', at: state.dueAt };
    return { id: state.id, automation: state.automation, status: state.status, positions, wake, steps: this.steps, background: [] };
  }

  /** Commits what is pending (taking or renewing the lease), so that no later effect can get ahead of it. */
  async flush(): Promise<void> {
    if (this.leased && !this.dirty && this.pending.length === 0) return;
    await this.commit(false);
  }

  /**
   * Before a node with effects: the lease must be ours in the committed state (an unleased run
   * takes it here, with everything it did so far), and must not run out while the node runs
   * (renewed once half of it is spent). Otherwise the outcomes so far stay uncommitted: a crash
   * re-runs those nodes, each under the same `task.idempotencyKey`.
   */
  private async beforeEffect(): Promise<void> {
    if (!this.leased || this.now - this.lastCommit >= this.settings.leaseMs / 2) await this.commit(false);
  }

  private async commit(final: boolean): Promise<void> {
    const state = this.state;
    const expected = state.version;
    const now = this.now;
    state.version = expected + 1;
    state.updated = now;
    if (final) state.lease = null;
    else {
      state.lease = { owner: this.owner, until: now + this.settings.leaseMs };
      state.dueAt = state.lease.until; // if this runner dies, the tick picks the instance up again
    }
    const ok = this.uncreated
      ? (await this.settings.store.create(state, this.pending)).created
      : await this.settings.store.commit({
          expectedVersion: expected,
          state,
          tasks: this.pending,
          ...(this.releaseUnique && final && state.uniqueKey !== null ? { releaseUniqueKey: state.uniqueKey } : {}),
        });
    this.uncreated = false;
    if (!ok) {
      state.version = expected;
      throw this.leased ? new LeaseLostError(state.id) : new RaceLostError(state.id);
    }
    this.leased = !final;
    this.lastCommit = now;
    this.pending = [];
    this.dirty = false;
    for (const fn of this.committed.splice(0)) fn();
  }

  private async finish(): Promise<RunResult> {
    const state = this.state;
    // An instance ending in the run that creates it is created first (taking its unique key), so
    // that the last commit gives the key back as every finishing commit does.
    if (this.uncreated && state.status === 'finished' && state.uniqueKey !== null) await this.commit(false);
    const now = this.now;
    let due: Wait | undefined;
    for (const wait of this.waits.values()) if (wait.until !== null && (!due || wait.until < due.until!)) due = wait;
    if (state.status === 'running') state.status = 'waiting';
    for (const path of state.paths) {
      const wait = this.waits.get(path.id);
      path.waiting = wait ? { reason: wait.reason, until: wait.until } : null;
    }
    let wake: Wake;
    if (state.status === 'finished' || state.status === 'error') {
      state.dueAt = null;
      wake = { kind: 'none' };
    } else if (this.yielded) {
      state.dueAt = now;
      wake = { kind: 'at', at: now };
    } else if (due) {
      state.dueAt = due.until;
      wake = due.poll ? { kind: 'poll', at: due.until! } : { kind: 'at', at: due.until! };
    } else {
      state.dueAt = null;
      wake = { kind: 'external' };
    }
    await this.commit(true);
    const positions: Position[] = state.paths.map((p) => {
      const wait = this.waits.get(p.id);
      return { path: p.id, node: p.node, waiting: wait?.reason ?? (p.joined ? 'join' : null), until: wait?.until ?? null };
    });
    return { id: state.id, automation: state.automation, status: state.status, positions, wake, steps: this.steps, background: this.background };
  }

  /** The task object node functions receive. */
  taskFor(path: PathState, fn: FlowNode, now = this.now): Task<object> {
    return new StepTask(this.state.id, path.task!, fn.name, path.taskCreated ?? now, now, this.automation, this.settings.clock);
  }

  context(path: PathState, fn: FlowNode): NodeContext<object> {
    const now = this.now;
    return new StepContext(this, path, fn, this.taskFor(path, fn, now), now);
  }

  // ── StepHost: what a step's context reaches (step-context.ts) ──

  get clock(): Clock {
    return this.settings.clock;
  }

  get timeZone(): string {
    return this.def.timeZone ?? this.settings.timeZone;
  }

  markChanged(): void {
    this.dirty = true;
  }

  resolveMessageTarget(spec: unknown, evaluate: (spec: unknown) => Promise<unknown>): Promise<MessageTarget> {
    return this.hooks.resolveMessageTarget(spec, evaluate);
  }

  send(target: MessageTarget, message: string, token: string | undefined, data: unknown): Promise<unknown> {
    return this.hooks.send(this, target, message, token, data);
  }
}
