import type { z } from 'zod';
import { Automation, type AutomationMeta } from './automation.js';
import { type DataRequirements } from './messages.js';
import { Node } from './nodes/node.js';
export { RESERVED_NAMES } from './reserved-names.js';
export type AutomationClass<A extends Automation<object> = Automation<object>> = (new () => A) & {
    meta?: AutomationMeta;
};
export interface FlowNode {
    name: string;
    index: number;
    node: Node<object>;
    /** Where the node continues by default: `.Next()` or the next declared node; null past the last. */
    next: string | null;
}
export interface ReceiverInfo {
    message: string;
    method: string;
    label: string;
    requirements: DataRequirements | undefined;
}
/** An automation class compiled once: its nodes in order, resolved and validated. */
export interface FlowDefinition {
    name: string;
    verboseName: string;
    verboseNamePlural: string;
    cls: AutomationClass;
    nodes: readonly FlowNode[];
    byName: ReadonlyMap<string, FlowNode>;
    first: string;
    unique: boolean | readonly string[];
    timeZone: string | undefined;
    pollIntervalMs: number | undefined;
    publishReceivers: boolean;
    /** Receivers by message name ('updateSubscriber'). */
    receivers: ReadonlyMap<string, ReceiverInfo>;
    /** The class's other fields (constants), copied onto every instance. */
    constants: Readonly<Record<string, unknown>>;
    /** A declaration object, for resolving member references. */
    prototype: Automation<object>;
    /** The schema start data must match (meta.data), if any. */
    dataSchema: z.ZodType | undefined;
}
export declare function automationName(cls: AutomationClass): string;
/** Compiles (once per class) and validates an automation; every problem is reported in one error. */
export declare function defineFlow(cls: AutomationClass): FlowDefinition;
