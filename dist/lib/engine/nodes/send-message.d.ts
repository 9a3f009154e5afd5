import { type MessageTarget } from '../messages.js';
import { type Ref, type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
type Computed<D extends object, T> = T | ((this: unknown, task: Task<D>) => T | Promise<T>);
type TargetSpec<D extends object> = MessageTarget | Ref | ((this: unknown, task: Task<D>) => MessageTarget | Promise<MessageTarget>);
/**
 * Sends a message to an instance (by id or object) or to every running instance of a class.
 * The target may also be a member (a Ref or `'self.name'`): a method of the task, or a property.
 */
export declare class SendMessage<D extends object = object> extends Node<D> {
    readonly message: string;
    readonly token?: Computed<D, string | undefined>;
    readonly payload?: Computed<D, Record<string, unknown> | undefined>;
    readonly kind = "SendMessage";
    protected errorTarget: Target | undefined;
    readonly to: TargetSpec<D>;
    constructor(to: TargetSpec<D>, message: string, token?: Computed<D, string | undefined>, payload?: Computed<D, Record<string, unknown> | undefined>);
    /** Where to continue when the message cannot be delivered (e.g. the target does not exist). */
    OnError(target: Target): this;
    get onError(): Target | undefined;
    targets(): Target[];
    problems(check: NodeCheck): void;
    run(ctx: NodeContext<D>): Promise<Outcome>;
}
export {};
