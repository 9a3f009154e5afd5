import type { FlowDefinition, FlowNode } from '../definition.js';
import { type Target } from '../refs.js';
import { type Schedule } from '../schedule.js';
import { Node, type DiagramEdge, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
/**
 * Loops back to `start` (the first node by default) on a schedule, for automations that run
 * forever. The schedule counts from the Repeat's first execution, in the automation's time zone.
 */
export declare class Repeat<D extends object = object> extends Node<D> {
    readonly start?: Target | undefined;
    readonly kind = "Repeat";
    protected plan: Schedule | undefined;
    constructor(start?: Target | undefined);
    private schedule;
    /** Daily at this wall-clock time. */
    At(hour: number, minute?: number): this;
    EveryHour(hours?: number): this;
    EveryNMinutes(minutes: number): this;
    EveryNDays(days: number): this;
    EveryDay(): this;
    get scheduled(): Schedule | undefined;
    targets(): Target[];
    protected ownSuccessors(def: FlowDefinition, _n: FlowNode): (string | null)[];
    problems(check: NodeCheck): void;
    get hasEffects(): boolean;
    get endsFlow(): boolean;
    diagramShape(label: string): string;
    diagramNotes(): string[];
    protected plainEdge(to: string): DiagramEdge;
    run(ctx: NodeContext<D>): Promise<Outcome>;
}
