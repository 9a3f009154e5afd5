import { memberRef, Ref, selfRef, type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type Condition } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

/**
 * A branch runs a function (then continues with the next node) or jumps to a node. A Ref or
 * `'self.name'` names a node or a method; a plain string names a node.
 */
export type Branch<D extends object> = Target | ((this: unknown, task: Task<D>) => unknown);

export class If<D extends object = object> extends Node<D> {
  readonly kind = 'If';
  protected thenBranch: Branch<D> | undefined = undefined;
  protected elseBranch: Branch<D> | undefined = undefined;

  readonly condition: Condition<D>;

  constructor(condition: Condition<D>) {
    super();
    this.condition = memberRef(condition);
  }

  Then(branch: Branch<D>): this {
    return this.with((copy) => {
      copy.thenBranch = selfRef(branch);
    });
  }
  Else(branch: Branch<D>): this {
    return this.with((copy) => {
      copy.elseBranch = selfRef(branch);
    });
  }

  get branches(): { then: Branch<D> | undefined; else: Branch<D> | undefined } {
    return { then: this.thenBranch, else: this.elseBranch };
  }

  override targets(): Target[] {
    return [this.thenBranch, this.elseBranch].filter((b): b is Target => typeof b === 'string' || b instanceof Ref);
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    try {
      const holds = Boolean(await ctx.evaluate(this.condition));
      const branch = holds ? this.thenBranch : this.elseBranch;
      if (branch === undefined) return { kind: 'next', result: holds };
      const node = ctx.nodeName(branch);
      if (node !== undefined) return { kind: 'next', to: node, result: holds };
      await ctx.evaluate(branch);
      return { kind: 'next', result: holds };
    } catch (error) {
      return { kind: 'fail', error };
    }
  }
}
