import type { FlowDefinition, FlowNode } from './definition.js';
/** Where a node may continue: node names, or null for "past the last node". Each kind decides (Node.successors). */
export declare function successors(def: FlowDefinition, n: FlowNode): (string | null)[];
/** Every problem with a compiled flow, as sentences naming the node and the fix. */
export declare function flowProblems(def: FlowDefinition): string[];
