import type { Assignment, InstanceState, TaskRecord } from '../state.js';
import type { Task } from '../task.js';
import type { MessageTarget } from '../messages.js';
export type WaitReason = 'time' | 'condition' | 'form' | 'join' | 'background' | 'parents';
/** What running a node decided; the runner turns it into a state transition. */
export type Outcome = {
    kind: 'next';
    to?: string;
    result?: unknown;
}
/** `assignment: null`: the waiting task itself is no human task (an Approval step, whose items are separate records). */
 | {
    kind: 'wait';
    reason: WaitReason;
    until?: number;
    assignment?: Assignment | null;
} | {
    kind: 'split';
    to: string[];
} | {
    kind: 'join';
} | {
    kind: 'end';
} | {
    kind: 'fail';
    error: unknown;
    to?: string;
}
/** Hand the node's work (`runDetached`) to a background job; past `deadline` the job has failed. */
 | {
    kind: 'background';
    deadline?: number;
}
/** Close the task and remove the path (a process job's task is done); with `end` and no other path, the instance finishes. */
 | {
    kind: 'retire';
    result?: unknown;
    error?: unknown;
    message?: string;
    end?: boolean;
};
/** What the runner offers a node while it runs. */
export interface NodeContext<D extends object> {
    readonly task: Task<D>;
    readonly now: number;
    readonly timeZone: string;
    /** Evaluates a condition or callable with the instance as `this`. */
    evaluate(spec: unknown, ...args: unknown[]): Promise<unknown>;
    /** The resolved name of a node reference. */
    target(ref: unknown): string;
    /** The node a branch refers to, or undefined when it is a callable. */
    nodeName(branch: unknown): string | undefined;
    readonly firstNode: string;
    /** The instance being run (DAG nodes read and change `dag`); call `changed()` after changing it. */
    readonly instance: InstanceState;
    changed(): void;
    /** When this node's Repeat schedule started (set on first use). */
    anchor(): number;
    /** Evaluates a SendMessage target (a function of the task, unless it is a class). */
    resolveMessageTarget(spec: unknown): Promise<MessageTarget>;
    /** Delivers a message now; returns the receivers' results. */
    send(target: MessageTarget, message: string, token: string | undefined, data: unknown): Promise<unknown>;
    /** Adds or replaces a task record in the next commit (Approval items: one open record per approver). */
    writeTask(record: TaskRecord): void;
    /** Commits what is pending now (a node with several effects records each before the next). */
    commit(): Promise<void>;
    /** Gives up the instance's unique claim with the run's last commit, although the instance goes on. */
    releaseUniqueKey(): void;
}
