import type { FlowDefinition, FlowNode } from '../definition.js';
import { type Target } from '../refs.js';
import { Node, type DiagramEdge, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
/** Starts one parallel path per `.Next()`; the paths meet again at a Join. */
export declare class Split<D extends object = object> extends Node<D> {
    readonly kind = "Split";
    protected paths: readonly Target[];
    /** On a Split, each `.Next()` adds a path. */
    Next(target: Target): this;
    targets(): Target[];
    protected ownSuccessors(): (string | null)[];
    problems(check: NodeCheck): void;
    get hasEffects(): boolean;
    get splitRole(): 'split';
    diagramShape(label: string): string;
    diagramEdges(_def: FlowDefinition, _n: FlowNode): DiagramEdge[];
    run(ctx: NodeContext<D>): Promise<Outcome>;
}
/** Waits until every path started by the same Split has arrived. */
export declare class Join<D extends object = object> extends Node<D> {
    readonly kind = "Join";
    get hasEffects(): boolean;
    get splitRole(): 'join';
    diagramShape(label: string): string;
    run(): Promise<Outcome>;
}
/** Finishes the instance (and cancels any other paths still open). */
export declare class End<D extends object = object> extends Node<D> {
    readonly kind = "End";
    protected ownSuccessors(): (string | null)[];
    successors(): (string | null)[];
    get hasEffects(): boolean;
    get endsFlow(): boolean;
    diagramShape(label: string): string;
    run(): Promise<Outcome>;
}
