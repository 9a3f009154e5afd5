import { isValidMessageName, type MessageTarget } from '../messages.js';
import { selfRef, type Ref, type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

type Computed<D extends object, T> = T | ((this: unknown, task: Task<D>) => T | Promise<T>);

type TargetSpec<D extends object> = MessageTarget | Ref | ((this: unknown, task: Task<D>) => MessageTarget | Promise<MessageTarget>);

/**
 * Sends a message to an instance (by id or object) or to every running instance of a class.
 * The target may also be a member (a Ref or `'self.name'`): a method of the task, or a property.
 */
export class SendMessage<D extends object = object> extends Node<D> {
  readonly kind = 'SendMessage';
  protected errorTarget: Target | undefined = undefined;
  readonly to: TargetSpec<D>;

  constructor(
    to: TargetSpec<D>,
    readonly message: string,
    readonly token?: Computed<D, string | undefined>,
    readonly payload?: Computed<D, Record<string, unknown> | undefined>,
  ) {
    super();
    this.to = selfRef(to);
  }

  /** Where to continue when the message cannot be delivered (e.g. the target does not exist). */
  OnError(target: Target): this {
    return this.with((copy) => {
      copy.errorTarget = target;
    });
  }

  override get onError(): Target | undefined {
    return this.errorTarget;
  }

  override targets(): Target[] {
    return this.errorTarget === undefined ? [] : [this.errorTarget];
  }

  override problems(check: NodeCheck): void {
    check.checkMemberRef('The target', this.to);
    if (!isValidMessageName(this.message)) check.problem(`SendMessage node '${check.n.name}': "${this.message}" is not a valid message name`);
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    try {
      const target = await ctx.resolveMessageTarget(this.to);
      const token = typeof this.token === 'function' ? await ctx.evaluate(this.token) : this.token;
      const data = typeof this.payload === 'function' ? await ctx.evaluate(this.payload) : this.payload;
      const result = await ctx.send(target, this.message, token as string | undefined, data ?? {});
      return { kind: 'next', result };
    } catch (error) {
      return { kind: 'fail', error, ...(this.errorTarget === undefined ? {} : { to: ctx.target(this.errorTarget) }) };
    }
  }
}
