import { escapeMermaid, mermaidId } from '../mermaid.js';
/** Fill and stroke per task status, for job diagrams (and the dashboard's legend). */
export const STATUS_COLOURS = {
    awaiting: { fill: '#f3f4f6', stroke: '#6b7280' },
    reopened: { fill: '#e0e7ff', stroke: '#4338ca' },
    running: { fill: '#dbeafe', stroke: '#1d4ed8' },
    finished: { fill: '#dcfce7', stroke: '#15803d' },
    forced: { fill: '#fef9c3', stroke: '#a16207' },
    error: { fill: '#fee2e2', stroke: '#b91c1c' },
    cancelled: { fill: '#e5e7eb', stroke: '#374151' },
    skipped: { fill: '#f9fafb', stroke: '#9ca3af' },
};
function lines(doc, label) {
    const out = ['flowchart TD'];
    for (const t of doc.tasks)
        out.push(`  ${mermaidId(t.name)}["${label(t.name, t.action)}"]`);
    for (const t of doc.tasks)
        for (const p of t.after ?? [])
            out.push(`  ${mermaidId(p)} --> ${mermaidId(t.name)}`);
    return out;
}
/**
 * A process as a Mermaid flowchart: one node per task (name and action, escaped), an edge
 * from each parent. Mermaid lays it out; nothing is placed by hand.
 */
export function processDiagram(doc) {
    return lines(doc, (name, action) => `${escapeMermaid(name)}<br/><small>${escapeMermaid(action)}</small>`).join('\n');
}
/** A job: the process's graph with each task coloured by its status (and the status under its name). */
export function jobDiagram(doc, tasks) {
    const out = lines(doc, (name, action) => `${escapeMermaid(name)}<br/><small>${escapeMermaid(action)} · ${tasks[name]?.status ?? 'unknown'}</small>`);
    const used = new Set();
    for (const t of doc.tasks) {
        const status = tasks[t.name]?.status;
        if (!status)
            continue;
        used.add(status);
        out.push(`  class ${mermaidId(t.name)} ${status}`);
    }
    for (const status of used)
        out.push(`  classDef ${status} fill:${STATUS_COLOURS[status].fill},stroke:${STATUS_COLOURS[status].stroke}`);
    return out.join('\n');
}
