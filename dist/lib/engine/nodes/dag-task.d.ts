import type { FlowDefinition, FlowNode } from '../definition.js';
import { type Duration } from '../duration.js';
import { type JobStatus } from '../processes/types.js';
import type { Ref, Target } from '../refs.js';
import type { DagState, DagTaskState } from '../state.js';
import type { Task } from '../task.js';
import { Node, type DiagramEdge, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
/** What a DAG task's work receives besides the node context. */
export interface TaskAttempt {
    /** `<instance>:<task>:<visit>`: the same for every attempt of one visit, new after an operator's retry or reopen. */
    idempotencyKey: string;
    attempt: number;
    visit: number;
    /** Epoch ms by which the attempt must have finished. */
    deadline: number;
    /** Aborted at the deadline (real time). */
    signal: AbortSignal;
}
export type TaskWork<D extends object> = (ctx: NodeContext<D>, attempt: TaskAttempt) => Promise<unknown>;
/** Called once when a task has failed for good (no attempt left): an error hook. Its own failure must not throw. */
export type TaskFailureHook<D extends object> = (ctx: NodeContext<D>, task: string, entry: DagTaskState, error: unknown) => Promise<void>;
export interface RetrySettings {
    attempts: number;
    backoffMs: number;
}
/** Output kept in the instance state per task; larger outputs are cut to an excerpt. */
export declare const MAX_TASK_OUTPUT_BYTES: number;
export declare const DEFAULT_TASK_TIMEOUT_MS: number;
export declare function isDone(entry: DagTaskState | undefined): boolean;
/** initialized → error (a task failed) → finished (every task done); cancelled is final. */
export declare function jobStatusOf(dag: DagState): JobStatus;
export declare function newTaskEntry(status: DagTaskState['status'], visit: number): DagTaskState;
/**
 * A DAG task: runs once every parent task named with `.After()` is done (finished, forced,
 * cancelled or skipped), with a timeout and an optional retry policy. Its state lives in
 * `state.dag.tasks[<node name>]`. In a code flow it is reached like any node (e.g. on a
 * Split's paths) and continues with its next node; in a process job (`Retire()`), every task
 * has its own path from the start, and the path ends when the task is done.
 */
export declare class DagTask<D extends object = object> extends Node<D> {
    readonly kind: string;
    protected parents: readonly string[];
    protected work: TaskWork<D> | undefined;
    protected timeoutMs: number;
    protected retrySettings: RetrySettings;
    protected background: boolean;
    protected retireWhenDone: boolean;
    protected onFailure: TaskFailureHook<D> | undefined;
    protected errorTarget: Target | undefined;
    constructor(work?: TaskWork<D>);
    /** A task of a code flow running `fn(task)` with the instance as `this`. */
    static of<D extends object>(fn: ((this: unknown, task: Task<D>) => unknown) | Ref): DagTask<D>;
    /** The tasks (node names) this one waits for. */
    After(...parents: string[]): this;
    /** An attempt not done by then has failed (default 5 minutes). */
    Timeout(duration: Duration): this;
    /** Up to `attempts` attempts in all, `backoff` apart. */
    Retry(attempts: number, backoff?: Duration): this;
    /** Run each attempt in its own invocation (a background job). */
    Threaded(on?: boolean): this;
    /** Where to continue (code flows) when the task has failed for good; without it the instance stops in the error state. */
    OnError(target: Target): this;
    /** Process jobs: the path ends when the task is done, and the job's last task ends the instance. */
    Retire(on?: boolean): this;
    /** Runs once when the task has failed for good. */
    OnFailure(hook: TaskFailureHook<D>): this;
    get after(): readonly string[];
    get timeout(): number;
    get retry(): RetrySettings;
    get onError(): Target | undefined;
    get hasEffects(): boolean;
    get endsFlow(): boolean;
    protected ownSuccessors(def: FlowDefinition, n: FlowNode): (string | null)[];
    problems(check: NodeCheck): void;
    diagramShape(label: string): string;
    diagramEdges(def: FlowDefinition, n: FlowNode): DiagramEdge[];
    private entry;
    /** The gate: waits for the parents and the backoff, then starts an attempt. */
    run(ctx: NodeContext<D>): Promise<Outcome>;
    /** One attempt of the work (in the run, or in a background job). */
    runDetached(ctx: NodeContext<D>): Promise<Outcome>;
    /** Records an attempt's result: finished, a retry after the backoff, or an error for good. */
    settle(ctx: NodeContext<D>, outcome: Outcome): Promise<Outcome>;
    /**
     * A process task's success settles without the lease when it starts nothing: other paths
     * remain (the job does not end) and no awaiting task has all its parents done once this one
     * is. Failures (a retry's timer, the job's error, the error hook) and the completion that
     * unblocks a dependent settle under the lease and run the job.
     */
    settlesAlone(def: FlowDefinition, ctx: NodeContext<D>, outcome: Outcome): boolean;
    private lastPath;
}
