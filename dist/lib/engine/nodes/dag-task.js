import { toMilliseconds } from '../duration.js';
import { toJsonResult } from '../json.js';
import { DONE_TASK_STATUSES } from '../processes/types.js';
import { Node } from './node.js';
/** Output kept in the instance state per task; larger outputs are cut to an excerpt. */
export const MAX_TASK_OUTPUT_BYTES = 2 * 1024;
const MAX_TASK_ERROR = 1_000;
export const DEFAULT_TASK_TIMEOUT_MS = 5 * 60_000;
const DONE = new Set(DONE_TASK_STATUSES);
export function isDone(entry) {
    return entry !== undefined && DONE.has(entry.status);
}
/** initialized → error (a task failed) → finished (every task done); cancelled is final. */
export function jobStatusOf(dag) {
    if (dag.status === 'cancelled')
        return 'cancelled';
    const entries = Object.values(dag.tasks);
    if (entries.some((e) => e.status === 'error'))
        return 'error';
    if (entries.every((e) => DONE.has(e.status)))
        return 'finished';
    return 'initialized';
}
export function newTaskEntry(status, visit) {
    return { status, visit, attempts: 0, notBefore: null, started: null, finished: null, deadline: null, output: null, error: null };
}
function boundedOutput(value) {
    return toJsonResult(value, MAX_TASK_OUTPUT_BYTES);
}
function errorSummary(error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { name: e.name.slice(0, 100), message: e.message.slice(0, MAX_TASK_ERROR) };
}
/**
 * A DAG task: runs once every parent task named with `.After()` is done (finished, forced,
 * cancelled or skipped), with a timeout and an optional retry policy. Its state lives in
 * `state.dag.tasks[<node name>]`. In a code flow it is reached like any node (e.g. on a
 * Split's paths) and continues with its next node; in a process job (`Retire()`), every task
 * has its own path from the start, and the path ends when the task is done.
 */
export class DagTask extends Node {
    kind = 'Task';
    parents = [];
    work;
    timeoutMs = DEFAULT_TASK_TIMEOUT_MS;
    retrySettings = { attempts: 1, backoffMs: 0 };
    background = false;
    retireWhenDone = false;
    onFailure = undefined;
    errorTarget = undefined;
    constructor(work) {
        super();
        this.work = work;
    }
    /** A task of a code flow running `fn(task)` with the instance as `this`. */
    static of(fn) {
        return new DagTask(async (ctx) => ctx.evaluate(fn));
    }
    /** The tasks (node names) this one waits for. */
    After(...parents) {
        return this.with((copy) => {
            copy.parents = [...new Set([...copy.parents, ...parents.map((p) => p.replace(/^self\./, ''))])];
        });
    }
    /** An attempt not done by then has failed (default 5 minutes). */
    Timeout(duration) {
        return this.with((copy) => {
            copy.timeoutMs = toMilliseconds(duration);
        });
    }
    /** Up to `attempts` attempts in all, `backoff` apart. */
    Retry(attempts, backoff = 0) {
        return this.with((copy) => {
            copy.retrySettings = { attempts, backoffMs: toMilliseconds(backoff) };
        });
    }
    /** Run each attempt in its own invocation (a background job). */
    Threaded(on = true) {
        return this.with((copy) => {
            copy.background = on;
        });
    }
    /** Where to continue (code flows) when the task has failed for good; without it the instance stops in the error state. */
    OnError(target) {
        return this.with((copy) => {
            copy.errorTarget = target;
        });
    }
    /** Process jobs: the path ends when the task is done, and the job's last task ends the instance. */
    Retire(on = true) {
        return this.with((copy) => {
            copy.retireWhenDone = on;
        });
    }
    /** Runs once when the task has failed for good. */
    OnFailure(hook) {
        return this.with((copy) => {
            copy.onFailure = hook;
        });
    }
    get after() {
        return this.parents;
    }
    get timeout() {
        return this.timeoutMs;
    }
    get retry() {
        return this.retrySettings;
    }
    get onError() {
        return this.errorTarget;
    }
    get hasEffects() {
        return !this.background; // the gate has none; inline work has
    }
    get endsFlow() {
        return this.retireWhenDone;
    }
    ownSuccessors(def, n) {
        return this.retireWhenDone ? [] : [n.next];
    }
    problems(check) {
        const { def, n } = check;
        if (this.work === undefined)
            check.problem(`Task node '${n.name}' has no work: pass a function`);
        for (const parent of this.parents) {
            const target = def.byName.get(parent);
            if (!target)
                check.problem(`.After() of node '${n.name}' names unknown node '${parent}'`);
            else if (!(target.node instanceof DagTask))
                check.problem(`.After() of node '${n.name}' names '${parent}', which is not a Task node`);
        }
        if (!(Number.isInteger(this.retrySettings.attempts) && this.retrySettings.attempts >= 1))
            check.problem(`.Retry() of node '${n.name}': attempts must be a whole number of at least 1`);
        const cycle = dependencyCycle(def, n.name);
        if (cycle)
            check.problem(`Task node '${n.name}' depends on itself: ${cycle.join(' → ')}`);
    }
    diagramShape(label) {
        return `(${label})`;
    }
    diagramEdges(def, n) {
        const edges = super.diagramEdges(def, n);
        for (const other of def.nodes) {
            if (other.node instanceof DagTask && other.node.after.includes(n.name)) {
                edges.push(this.retireWhenDone ? { to: other.name } : { to: other.name, style: 'dotted', label: 'after' });
            }
        }
        return edges;
    }
    entry(ctx) {
        return ctx.instance.dag?.tasks[ctx.task.node];
    }
    /** The gate: waits for the parents and the backoff, then starts an attempt. */
    async run(ctx) {
        const name = ctx.task.node;
        const dag = (ctx.instance.dag ??= { status: 'initialized', tasks: {} });
        let entry = dag.tasks[name];
        if (entry?.status === 'running') {
            // running without a background job (its record was lost): the attempt has failed
            const error = new Error('the attempt was lost');
            error.name = 'TaskTimeoutError';
            return this.settle(ctx, { kind: 'fail', error });
        }
        if (entry === undefined || (entry.status !== 'awaiting' && entry.status !== 'reopened')) {
            // a process path exists only for an awaiting task; a code flow reaching the node starts a new visit
            if (this.retireWhenDone)
                return { kind: 'retire', message: entry?.status ?? 'gone' };
            entry = dag.tasks[name] = newTaskEntry('awaiting', (entry?.visit ?? 0) + 1);
            ctx.changed();
        }
        if (!this.parents.every((p) => isDone(dag.tasks[p])))
            return { kind: 'wait', reason: 'parents' };
        if (entry.notBefore !== null && ctx.now < entry.notBefore)
            return { kind: 'wait', reason: 'time', until: entry.notBefore };
        entry.status = 'running';
        entry.attempts += 1;
        entry.started = ctx.now;
        entry.finished = null;
        entry.notBefore = null;
        entry.deadline = ctx.now + this.timeoutMs;
        ctx.changed();
        if (this.background)
            return { kind: 'background', deadline: entry.deadline };
        return this.settle(ctx, await this.runDetached(ctx));
    }
    /** One attempt of the work (in the run, or in a background job). */
    async runDetached(ctx) {
        const entry = this.entry(ctx);
        const deadline = entry?.deadline ?? ctx.now + this.timeoutMs;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error('the task timed out')), Math.max(0, deadline - ctx.now));
        timer.unref?.();
        try {
            const result = await this.work(ctx, {
                idempotencyKey: `${ctx.task.instanceId}:${ctx.task.node}:${entry?.visit ?? 1}`,
                attempt: entry?.attempts ?? 1,
                visit: entry?.visit ?? 1,
                deadline,
                signal: controller.signal,
            });
            return { kind: 'next', result };
        }
        catch (error) {
            return { kind: 'fail', error };
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** Records an attempt's result: finished, a retry after the backoff, or an error for good. */
    async settle(ctx, outcome) {
        const dag = ctx.instance.dag;
        const entry = this.entry(ctx);
        if (!dag || !entry || entry.status !== 'running')
            return this.retireWhenDone ? { kind: 'retire', message: 'superseded' } : outcome;
        const now = ctx.now;
        entry.deadline = null;
        ctx.changed();
        if (outcome.kind === 'fail') {
            const error = outcome.error;
            entry.error = errorSummary(error);
            const output = error?.output;
            entry.output = output === undefined ? null : boundedOutput(output);
            if (entry.attempts < this.retrySettings.attempts && dag.status !== 'cancelled') {
                entry.status = 'awaiting';
                entry.notBefore = now + this.retrySettings.backoffMs;
                return { kind: 'fail', error, to: ctx.task.node }; // this attempt's task closes; a new one opens at the same node
            }
            entry.status = 'error';
            entry.finished = now;
            if (dag.status !== 'cancelled')
                dag.status = jobStatusOf(dag);
            if (this.onFailure)
                await this.onFailure(ctx, ctx.task.node, entry, error);
            if (this.retireWhenDone)
                return { kind: 'retire', error, end: this.lastPath(ctx) && dag.status === 'cancelled' };
            return { kind: 'fail', error, ...(this.errorTarget === undefined ? {} : { to: ctx.target(this.errorTarget) }) };
        }
        if (outcome.kind !== 'next')
            return outcome;
        entry.status = 'finished';
        entry.finished = now;
        entry.error = null;
        entry.output = boundedOutput(outcome.result);
        if (dag.status !== 'cancelled')
            dag.status = jobStatusOf(dag);
        if (this.retireWhenDone)
            return { kind: 'retire', result: entry.output, end: this.lastPath(ctx) && (dag.status === 'finished' || dag.status === 'cancelled') };
        return { kind: 'next', result: entry.output };
    }
    /**
     * A process task's success settles without the lease when it starts nothing: other paths
     * remain (the job does not end) and no awaiting task has all its parents done once this one
     * is. Failures (a retry's timer, the job's error, the error hook) and the completion that
     * unblocks a dependent settle under the lease and run the job.
     */
    settlesAlone(def, ctx, outcome) {
        const dag = ctx.instance.dag;
        const name = ctx.task.node;
        if (!this.retireWhenDone || outcome.kind !== 'next' || !dag || dag.tasks[name]?.status !== 'running' || ctx.instance.paths.length <= 1)
            return false;
        for (const n of def.nodes) {
            const node = n.node;
            if (!(node instanceof DagTask) || !node.after.includes(name))
                continue;
            const entry = dag.tasks[n.name];
            if (entry?.status !== 'awaiting' && entry?.status !== 'reopened')
                continue;
            if (node.after.every((p) => p === name || isDone(dag.tasks[p])))
                return false; // it can start now
        }
        return true;
    }
    lastPath(ctx) {
        return ctx.instance.paths.length <= 1;
    }
}
/** A cycle through `start` along `.After()` edges (start → parent → … → start), or undefined. */
function dependencyCycle(def, start) {
    const parentsOf = (name) => {
        const node = def.byName.get(name)?.node;
        return node instanceof DagTask ? node.after : [];
    };
    const seen = new Set();
    const visit = (name, trail) => {
        for (const parent of parentsOf(name)) {
            if (parent === start)
                return [...trail, start];
            if (seen.has(parent))
                continue;
            seen.add(parent);
            const found = visit(parent, [...trail, parent]);
            if (found)
                return found;
        }
        return undefined;
    };
    return visit(start, [start]);
}
