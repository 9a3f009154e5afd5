import type { AutomationClass, FlowDefinition, FlowNode } from './definition.js';
import { defineFlow } from './definition.js';
import type { DiagramEdge } from './nodes/node.js';

export interface MermaidOptions {
  /** Nodes to mark as current (e.g. where an instance's paths stand). */
  highlight?: readonly string[];
  direction?: 'TD' | 'LR';
}

/** Escapes text for a quoted Mermaid label (entity codes, so names can never break out of the label). */
export const escapeMermaid = (text: string): string => text.replace(/["<>&#`]/g, (c) => `#${c.charCodeAt(0)};`);
/** A Mermaid node id for any name: letters, digits and _ only. */
export const mermaidId = (name: string): string => `n_${name.replace(/[^A-Za-z0-9_]/g, (c) => (c === '_' ? '__' : `_${c.codePointAt(0)!.toString(16)}_`))}`;

const escape = (text: string) => text.replace(/["<>&#]/g, (c) => `#${c.charCodeAt(0)};`);
const id = (name: string) => `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

function shape(n: FlowNode): string {
  const node = n.node;
  let label = `${n.name}<br/><small>${node.kind}</small>`;
  for (const note of node.diagramNotes()) label += `<br/><small>${escape(note)}</small>`;
  return node.diagramShape(`"${label}"`);
}

function edgeLine(from: string, edge: DiagramEdge): string {
  const label = edge.label === undefined ? '' : `|${edge.label}|`;
  const arrow = edge.style === 'dotted' ? '-.->' : edge.style === 'thick' ? '==>' : '-->';
  return `  ${id(from)} ${arrow}${label} ${id(edge.to)}`;
}

/** A Mermaid flowchart of an automation: nodes, branches, splits, and the highlighted current positions. */
export function toMermaid(flow: AutomationClass | FlowDefinition, options: MermaidOptions = {}): string {
  const def = 'nodes' in flow ? flow : defineFlow(flow);
  const lines = [`flowchart ${options.direction ?? 'TD'}`];
  for (const n of def.nodes) lines.push(`  ${id(n.name)}${shape(n)}`);
  for (const n of def.nodes) for (const edge of n.node.diagramEdges(def, n)) lines.push(edgeLine(n.name, edge));
  const current = (options.highlight ?? []).filter((name) => def.byName.has(name));
  if (current.length) {
    lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px');
    lines.push(`  class ${[...new Set(current)].map(id).join(',')} current`);
  }
  return lines.join('\n');
}
