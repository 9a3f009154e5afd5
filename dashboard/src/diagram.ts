import { renderMermaidSVG } from 'beautiful-mermaid';

/** Loaded on the instance page only (a separate file): the Mermaid flowchart as SVG text. */
export function renderDiagram(source: string): string {
  return renderMermaidSVG(source, { bg: '#ffffff', fg: '#1f2937' });
}
