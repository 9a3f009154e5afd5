import { memberRef, Ref, type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

export type ExecuteFn<D extends object, A extends unknown[], S extends object = object> = (this: unknown, task: Task<D, S>, ...args: A) => unknown;

/**
 * Runs a function (or the subclass's `method`) with the task and the node's extra arguments.
 * Subclass it for speaking nodes: `class SendMail extends Execute<Data, [template: string]> { method(task, template) {…} }`.
 */
export class Execute<D extends object = object, A extends unknown[] = unknown[]> extends Node<D> {
  readonly kind: string = 'Execute';
  protected fn: ExecuteFn<D, A> | Ref | undefined = undefined;
  protected args: A;
  protected background = false;
  protected errorTarget: Target | undefined = undefined;

  constructor(...args: A) {
    super();
    this.args = args;
  }

  /** `fn` is a function, a Ref, or a method's name (`'self.init'` or `'init'`). */
  static of<D extends object, A extends unknown[]>(fn: ExecuteFn<D, A> | Ref | string, ...args: A): Execute<D, A> {
    const node = new Execute<D, A>(...args);
    node.fn = memberRef(fn);
    return node;
  }

  /** Subclasses implement this instead of passing a function. */
  protected method?(task: Task<D>, ...args: A): unknown;

  /** Run in its own invocation (a background job); the instance continues when it completes. */
  Threaded(on = true): this {
    return this.with((copy) => {
      copy.background = on;
    });
  }

  /** Where to continue when the function throws; without it, the instance stops in the error state. */
  OnError(target: Target): this {
    return this.with((copy) => {
      copy.errorTarget = target;
    });
  }

  get threaded(): boolean {
    return this.background;
  }
  override get runsInBackground(): boolean {
    return this.background;
  }
  override get onError(): Target | undefined {
    return this.errorTarget;
  }
  get callable(): ExecuteFn<D, A> | Ref | undefined {
    return this.fn;
  }

  override targets(): Target[] {
    return this.errorTarget === undefined ? [] : [this.errorTarget];
  }

  override problems(check: NodeCheck): void {
    const fn = this.fn;
    const name = check.n.name;
    if (fn instanceof Ref && typeof check.members[fn.name] !== 'function') check.problem(`Execute node '${name}' refers to '${fn.name}', which is not a method`);
    if (fn === undefined && typeof (this as unknown as { method?: unknown }).method !== 'function') {
      check.problem(`Execute node '${name}' has no function: pass one (a method reference such as this.init) or subclass Execute with a method`);
    }
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    try {
      const result = this.fn !== undefined
        ? await ctx.evaluate(this.fn, ...this.args)
        : await this.invokeMethod(ctx.task);
      return { kind: 'next', result };
    } catch (error) {
      return { kind: 'fail', error, ...(this.errorTarget === undefined ? {} : { to: ctx.target(this.errorTarget) }) };
    }
  }

  private async invokeMethod(task: Task<D>): Promise<unknown> {
    if (typeof this.method !== 'function') throw new TypeError('An Execute node needs a function, or a subclass with a method');
    return this.method(task, ...this.args);
  }
}
