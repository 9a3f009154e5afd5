import { renderMermaidSVG } from 'beautiful-mermaid';

/** Loaded on the instance page only (a separate file): the Mermaid flowchart as SVG text. */
export function renderDiagram(source: string): string {
  // The renderer has no parallelogram ([/…/], the engine's Form shape): draw forms as flags.
  const supported = source.replace(/\[\/"(.*?)"\/\]/g, '>"$1"]');
  return renderMermaidSVG(supported, { bg: '#ffffff', fg: '#1f2937' });
}
