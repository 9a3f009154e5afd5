import type { FlowDefinition, FlowNode } from '../definition.js';
import { type Target } from '../refs.js';
import type { Task } from '../task.js';
import { Node, type Condition, type DiagramEdge, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
/**
 * A branch runs a function (then continues with the next node) or jumps to a node. A Ref or
 * `'self.name'` names a node or a method; a plain string names a node.
 */
export type Branch<D extends object> = Target | ((this: unknown, task: Task<D>) => unknown);
export declare class If<D extends object = object> extends Node<D> {
    readonly kind = "If";
    protected thenBranch: Branch<D> | undefined;
    protected elseBranch: Branch<D> | undefined;
    readonly condition: Condition<D>;
    constructor(condition: Condition<D>);
    Then(branch: Branch<D>): this;
    Else(branch: Branch<D>): this;
    get branches(): {
        then: Branch<D> | undefined;
        else: Branch<D> | undefined;
    };
    targets(): Target[];
    /** The node a branch jumps to: the one it names, else (a callable, or none) the next one. */
    private branchTarget;
    protected ownSuccessors(def: FlowDefinition, n: FlowNode): (string | null)[];
    problems(check: NodeCheck): void;
    diagramShape(label: string): string;
    diagramEdges(def: FlowDefinition, n: FlowNode): DiagramEdge[];
    run(ctx: NodeContext<D>): Promise<Outcome>;
}
