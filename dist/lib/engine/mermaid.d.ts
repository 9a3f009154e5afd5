import type { AutomationClass, FlowDefinition } from './definition.js';
export interface MermaidOptions {
    /** Nodes to mark as current (e.g. where an instance's paths stand). */
    highlight?: readonly string[];
    direction?: 'TD' | 'LR';
}
/** Escapes text for a quoted Mermaid label (entity codes, so names can never break out of the label). */
export declare const escapeMermaid: (text: string) => string;
/** A Mermaid node id for any name: letters, digits and _ only. */
export declare const mermaidId: (name: string) => string;
/** A Mermaid flowchart of an automation: nodes, branches, splits, and the highlighted current positions. */
export declare function toMermaid(flow: AutomationClass | FlowDefinition, options?: MermaidOptions): string;
