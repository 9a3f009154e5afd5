import { Ref, type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
export type ExecuteFn<D extends object, A extends unknown[]> = (this: unknown, task: Task<D>, ...args: A) => unknown;
/**
 * Runs a function (or the subclass's `method`) with the task and the node's extra arguments.
 * Subclass it for speaking nodes: `class SendMail extends Execute<Data, [template: string]> { method(task, template) {…} }`.
 */
export declare class Execute<D extends object = object, A extends unknown[] = unknown[]> extends Node<D> {
    readonly kind: string;
    protected fn: ExecuteFn<D, A> | Ref | undefined;
    protected args: A;
    protected background: boolean;
    protected errorTarget: Target | undefined;
    constructor(...args: A);
    /** `fn` is a function, a Ref, or a method's name (`'self.init'` or `'init'`). */
    static of<D extends object, A extends unknown[]>(fn: ExecuteFn<D, A> | Ref | string, ...args: A): Execute<D, A>;
    /** Subclasses implement this instead of passing a function. */
    protected method?(task: Task<D>, ...args: A): unknown;
    /** Run in its own invocation (a background job); the instance continues when it completes. */
    Threaded(on?: boolean): this;
    /** Where to continue when the function throws; without it, the instance stops in the error state. */
    OnError(target: Target): this;
    get threaded(): boolean;
    get runsInBackground(): boolean;
    get onError(): Target | undefined;
    get callable(): ExecuteFn<D, A> | Ref | undefined;
    targets(): Target[];
    problems(check: NodeCheck): void;
    run(ctx: NodeContext<D>): Promise<Outcome>;
    private invokeMethod;
}
