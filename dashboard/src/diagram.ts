import { parseFlowchart } from './diagram/parse.js';
import { flowchartSvg } from './diagram/svg.js';

/**
 * Loaded on the pages that draw (a separate file): the Mermaid flowchart as SVG text, laid out
 * by the dashboard's own layered layout (diagram/layout.ts; the flows have 5–30 nodes), in a
 * few KiB instead of a general graph-layout library.
 */
export function renderDiagram(source: string): string {
  return flowchartSvg(parseFlowchart(source), { bg: '#ffffff', fg: '#1f2937' });
}
