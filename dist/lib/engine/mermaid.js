import { defineFlow } from './definition.js';
/** Escapes text for a quoted Mermaid label (entity codes, so names can never break out of the label). */
export const escapeMermaid = (text) => text.replace(/["<>&#`]/g, (c) => `#${c.charCodeAt(0)};`);
/** A Mermaid node id for any name: letters, digits and _ only. */
export const mermaidId = (name) => `n_${name.replace(/[^A-Za-z0-9_]/g, (c) => (c === '_' ? '__' : `_${c.codePointAt(0).toString(16)}_`))}`;
const escape = (text) => text.replace(/["<>&#]/g, (c) => `#${c.charCodeAt(0)};`);
const id = (name) => `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
function shape(n) {
    const node = n.node;
    let label = `${n.name}<br/><small>${node.kind}</small>`;
    for (const note of node.diagramNotes())
        label += `<br/><small>${escape(note)}</small>`;
    return node.diagramShape(`"${label}"`);
}
function edgeLine(from, edge) {
    const label = edge.label === undefined ? '' : `|${edge.label}|`;
    const arrow = edge.style === 'dotted' ? '-.->' : edge.style === 'thick' ? '==>' : '-->';
    return `  ${id(from)} ${arrow}${label} ${id(edge.to)}`;
}
/** A Mermaid flowchart of an automation: nodes, branches, splits, and the highlighted current positions. */
export function toMermaid(flow, options = {}) {
    const def = 'nodes' in flow ? flow : defineFlow(flow);
    const lines = [`flowchart ${options.direction ?? 'TD'}`];
    for (const n of def.nodes)
        lines.push(`  ${id(n.name)}${shape(n)}`);
    for (const n of def.nodes)
        for (const edge of n.node.diagramEdges(def, n))
            lines.push(edgeLine(n.name, edge));
    const current = (options.highlight ?? []).filter((name) => def.byName.has(name));
    if (current.length) {
        lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px');
        lines.push(`  class ${[...new Set(current)].map(id).join(',')} current`);
    }
    return lines.join('\n');
}
