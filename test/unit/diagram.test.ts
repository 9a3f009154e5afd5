import { describe, expect, it } from 'vitest';
import { parseFlowchart } from '../../dashboard/src/diagram/parse.js';
import { layoutFlowchart } from '../../dashboard/src/diagram/layout.js';
import { renderDiagram } from '../../dashboard/src/diagram.js';
import { IssueDiscussion } from '../../flows/issue-discussion.js';
import { DailyDigest } from '../../flows/daily-digest.js';
import { toMermaid } from '../../lib/engine/index.js';
import { jobDiagram } from '../../lib/engine/processes/diagram.js';

/** The dashboard's own flowchart drawing (dashboard/src/diagram/*), on the engine's real Mermaid output. */
describe('dashboard diagrams', () => {
  it('reads back the shapes, labels, edges and highlights the engine writes', () => {
    const chart = parseFlowchart(toMermaid(IssueDiscussion, { highlight: ['moderate'] }));
    const shape = (id: string) => chart.nodes.find((n) => n.id === id)?.shape;
    expect(chart.direction).toBe('TD');
    expect([shape('n_moderate'), shape('n_moderation'), shape('n_join'), shape('n_end'), shape('n_warning')]).toEqual(['parallelogram', 'diamond', 'subroutine', 'stadium', 'rect']);
    expect(chart.nodes.find((n) => n.id === 'n_moderation')!.lines).toEqual([{ text: 'moderation', small: false }, { text: 'If', small: true }]);
    expect(chart.edges).toContainEqual({ from: 'n_repeat', to: 'n_moderation', label: 'no', style: 'solid' });
    expect(chart.edges).toContainEqual({ from: 'n_parallel', to: 'n_warning', style: 'thick' });
    expect(chart.nodes.find((n) => n.id === 'n_moderate')!.classes).toEqual(['current']);
    expect(chart.classes.current).toEqual({ fill: '#fde68a', stroke: '#b45309', strokeWidth: '3px' });
  });

  it('decodes entity codes and keeps markup in labels as text', () => {
    const chart = parseFlowchart('flowchart LR\n  n_a["a #60;b#62; #38; #34;c#34;<br/><small>Execute</small>"]\n  n_a -.->|go| n_b');
    expect(chart.direction).toBe('LR');
    expect(chart.nodes[0]!.lines[0]!.text).toBe('a <b> & "c"');
    expect(chart.nodes.map((n) => n.id)).toEqual(['n_a', 'n_b']);
    expect(renderDiagram('flowchart TD\n  n_a["#60;script#62;x"]')).toContain('&#60;script&#62;x');
  });

  it('lays nodes out in layers without overlaps, forward edges pointing down, loops back drawn', () => {
    const chart = parseFlowchart(toMermaid(IssueDiscussion));
    const layout = layoutFlowchart(chart, () => ({ width: 100, height: 40 }));
    const nodes = [...layout.nodes.values()];
    expect(nodes).toHaveLength(chart.nodes.length);
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
    for (const e of layout.edges) {
      const edge = chart.edges[e.index]!;
      const from = layout.nodes.get(edge.from)!;
      const to = layout.nodes.get(edge.to)!;
      if (e.back) expect(to.y).toBeLessThanOrEqual(from.y);
      else expect(to.y).toBeGreaterThan(from.y);
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      for (const p of e.points) expect(p.x >= 0 && p.x <= layout.width && p.y >= 0 && p.y <= layout.height).toBe(true);
    }
    expect(layout.edges.filter((e) => e.back).map((e) => chart.edges[e.index]!.to)).toEqual(['n_moderation']);
  });

  it('draws every node name, the highlight fill and job status colours as SVG', () => {
    const svg = renderDiagram(toMermaid(DailyDigest, { highlight: ['again'], direction: 'LR' }));
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('>send</text>');
    expect(svg).toContain('>daily at 08:00</text>');
    expect(svg).toMatch(/<g class="node" data-id="n_again"><polygon [^>]*fill="#fde68a"/);
    const job = renderDiagram(jobDiagram(
      { tasks: [{ name: 'extract', action: 'http' }, { name: 'load', action: 'http', after: ['extract'] }] } as Parameters<typeof jobDiagram>[0],
      { extract: { status: 'finished' }, load: { status: 'running' } } as unknown as Parameters<typeof jobDiagram>[1],
    ));
    expect(job).toMatch(/data-id="n_extract"><rect [^>]*fill="#dcfce7"/);
    expect(job).toMatch(/data-id="n_load"><rect [^>]*fill="#dbeafe"/);
  });
});
