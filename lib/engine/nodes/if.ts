import type { FlowDefinition, FlowNode } from '../definition.js';
import { memberRef, Ref, refName, selfRef, type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type Condition, type DiagramEdge, type NodeCheck } from './node.js';
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

  /** The node a branch jumps to: the one it names, else (a callable, or none) the next one. */
  private branchTarget(def: FlowDefinition, n: FlowNode, branch: Branch<D> | undefined): string | null {
    const target = refName(branch);
    return target !== undefined && def.byName.has(target) ? target : n.next;
  }

  protected override ownSuccessors(def: FlowDefinition, n: FlowNode): (string | null)[] {
    return [this.branchTarget(def, n, this.thenBranch), this.branchTarget(def, n, this.elseBranch)];
  }

  override problems(check: NodeCheck): void {
    check.checkMemberRef('The condition', this.condition);
    if (this.thenBranch === undefined) check.problem(`If node '${check.n.name}' needs .Then()`);
    for (const [label, branch] of [['.Then()', this.thenBranch], ['.Else()', this.elseBranch]] as const) {
      const name = refName(branch);
      if (name === undefined) continue;
      if (typeof branch === 'string') check.checkNodeTarget(label, branch);
      else if (!check.def.byName.has(name) && typeof check.members[name] !== 'function') check.problem(`${label} of node '${check.n.name}' refers to unknown node or method '${name}'`);
    }
  }

  /** A condition has no effects; a branch that runs a function (rather than naming a node) has. */
  override hasEffectsIn(def: FlowDefinition): boolean {
    return [this.thenBranch, this.elseBranch].some((b) => {
      if (b === undefined) return false;
      const name = refName(b);
      return name === undefined || !def.byName.has(name);
    });
  }

  override diagramShape(label: string): string {
    return `{${label}}`;
  }

  override diagramEdges(def: FlowDefinition, n: FlowNode): DiagramEdge[] {
    const edges: DiagramEdge[] = [];
    const yes = this.branchTarget(def, n, this.thenBranch);
    const no = this.branchTarget(def, n, this.elseBranch);
    if (yes) edges.push({ to: yes, label: 'yes' });
    if (no) edges.push({ to: no, label: 'no' });
    return edges;
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
