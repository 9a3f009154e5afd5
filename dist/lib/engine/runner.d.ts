import type { Automation } from './automation.js';
import type { Clock } from './clock.js';
import type { FlowDefinition, FlowNode } from './definition.js';
import type { MessageTarget } from './messages.js';
import type { NodeContext, Outcome } from './nodes/outcome.js';
import type { RunResult } from './run-result.js';
import type { InstanceState, PathState, TaskError, TaskRecord } from './state.js';
import type { Store } from './store.js';
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
export declare function describeError(error: unknown): TaskError;
/**
 * One leased run of one instance: executes node after node, committing each outcome with
 * compare-and-set before any later node can have effects, and releases the lease at the end.
 */
export declare class InstanceRun {
    readonly def: FlowDefinition;
    readonly state: InstanceState;
    readonly automation: Automation<object>;
    private readonly settings;
    private readonly hooks;
    private readonly owner;
    private pending;
    private dirty;
    private readonly waits;
    private readonly background;
    private steps;
    private yielded;
    private releaseUnique;
    constructor(def: FlowDefinition, state: InstanceState, automation: Automation<object>, settings: RunnerSettings, hooks: RunnerHooks, owner: string);
    private get now();
    /** Runs until nothing can progress, then commits the outcome and releases the lease. */
    run(): Promise<RunResult>;
    private loop;
    /** Executes or re-checks the node `path` stands at; true if the path moved on. */
    private step;
    private get pollInterval();
    private onErrorTarget;
    /** Validates the data a node left behind (JSON, size); throws if the node broke it. */
    private acceptData;
    private rollbackData;
    /** Applies a node's outcome to the path; true if the path moved on. */
    apply(path: PathState, fn: FlowNode, outcome: Outcome, opened: boolean): boolean;
    private errorLine;
    private skip;
    private wait;
    private queueBackground;
    /** When a background job needs a look: its deadline, or (until claimed, or without a deadline) the lease time. */
    private backgroundDue;
    /**
     * A job past its deadline has failed (its runner is too slow or died: the node settles it as a
     * failure). Without a deadline, a job nobody finished within the lease time is handed out
     * again; with one, only a job nobody claimed is (a claimed one may have had effects).
     */
    private checkBackground;
    /** Closes the path's task and removes the path; `end` finishes the instance once no path is left. */
    private retire;
    private removePath;
    /** Removes a path from outside (an operator cancelled its DAG task), closing its open task with `message`. */
    retirePath(path: PathState, message: string): void;
    /** Finishes the instance now (no path is left, e.g. a job whose last tasks were cancelled). */
    endHere(): void;
    /** Closes the path's task with `message` and moves the path to `node` (a resubmission sends it back). */
    movePath(path: PathState, node: string, message: string): void;
    /** Opens a path at `node` (e.g. a DAG task an operator retried). */
    addPath(node: string): PathState;
    private arriveAtJoin;
    private end;
    private stopOnError;
    private advance;
    private record;
    /** Adds or replaces a task record in the next commit (e.g. an approval item opened or closed). */
    writeTask(record: TaskRecord): void;
    /** Gives up the unique claim with the last commit of this run, although the instance goes on. */
    releaseUniqueKey(): void;
    private finishTask;
    /** Completes a waiting task from outside (a form submission) and moves its path on. */
    completeTask(path: PathState, fn: FlowNode, result: unknown, completedBy: string): void;
    /** The task records this run would commit, handed to a commit made without the lease (which it then owns). */
    takePending(): TaskRecord[];
    /** What a change committed without the lease reports: the state as it is, its due time unchanged (at worst an early look). */
    unleasedResult(): RunResult;
    /** Commits what is pending (renewing the lease), so that no later effect can get ahead of it. */
    flush(): Promise<void>;
    private commit;
    private finish;
    /** The task object node functions receive. */
    taskFor(path: PathState, fn: FlowNode): Task<object>;
    context(path: PathState, fn: FlowNode): NodeContext<object>;
}
