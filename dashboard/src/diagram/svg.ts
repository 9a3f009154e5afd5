import { layoutFlowchart, type Box, type PlacedNode } from './layout.js';
import type { ClassStyle, FlowNode, Flowchart, Shape } from './parse.js';

/**
 * A laid-out flowchart as SVG text: the node shapes the engine uses, each label line as a
 * <text> (smaller lines in grey), arrows with a marker, edge labels on a white backing, and
 * `classDef` fills (the current node, job task statuses). Text widths are estimated from
 * character counts, so the result is the same in a browser and in Node.
 */
const FONT = 14;
const SMALL = 12;
const LINE = 1.35;
const PAD_X = 14;
const PAD_Y = 10;

export interface SvgOptions {
  bg?: string;
  fg?: string;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A rough average advance of sans-serif glyphs: wide enough that labels stay inside their shape. */
const textWidth = (text: string, size: number) => [...text].length * size * 0.6;

function boxOf(node: FlowNode): Box {
  const w = Math.max(40, ...node.lines.map((l) => textWidth(l.text, l.small ? SMALL : FONT)));
  const h = node.lines.reduce((sum, l) => sum + (l.small ? SMALL : FONT) * LINE, 0);
  let width = w + 2 * PAD_X;
  let height = h + 2 * PAD_Y;
  if (node.shape === 'diamond') {
    width = w * 1.5 + 2 * PAD_X;
    height = h * 1.6 + 2 * PAD_Y;
  } else if (node.shape === 'hexagon' || node.shape === 'parallelogram' || node.shape === 'trapezoid' || node.shape === 'flag') width += height / 2;
  else if (node.shape === 'stadium') width += height / 2;
  return { width: Math.round(width), height: Math.round(height), ...(node.shape === 'diamond' ? { diamond: true } : {}) };
}

function outline(shape: Shape, n: PlacedNode): string {
  const l = n.x - n.width / 2;
  const r = n.x + n.width / 2;
  const t = n.y - n.height / 2;
  const b = n.y + n.height / 2;
  const s = n.height / 4;
  const poly = (pts: [number, number][]) => `<polygon points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"`;
  switch (shape) {
    case 'diamond':
      return poly([[n.x, t], [r, n.y], [n.x, b], [l, n.y]]);
    case 'hexagon':
      return poly([[l + s, t], [r - s, t], [r, n.y], [r - s, b], [l + s, b], [l, n.y]]);
    case 'parallelogram':
      return poly([[l + s, t], [r, t], [r - s, b], [l, b]]);
    case 'trapezoid':
      return poly([[l + s, t], [r - s, t], [r, b], [l, b]]);
    case 'flag':
      return poly([[l, t], [r, t], [r, b], [l, b], [l + s, n.y]]);
    case 'round':
      return `<rect x="${l}" y="${t}" width="${n.width}" height="${n.height}" rx="10"`;
    case 'stadium':
      return `<rect x="${l}" y="${t}" width="${n.width}" height="${n.height}" rx="${n.height / 2}"`;
    default:
      return `<rect x="${l}" y="${t}" width="${n.width}" height="${n.height}" rx="2"`;
  }
}

function styleOf(node: FlowNode, classes: Record<string, ClassStyle>): ClassStyle {
  return Object.assign({}, ...node.classes.map((c) => classes[c] ?? {})) as ClassStyle;
}

function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/** Where to put an edge's label: the middle of its middle segment. */
function labelPoint(points: { x: number; y: number }[]) {
  const k = Math.floor((points.length - 1) / 2);
  const a = points[k]!;
  const b = points[k + 1] ?? a;
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

export function flowchartSvg(chart: Flowchart, options: SvgOptions = {}): string {
  const fg = options.fg ?? '#1f2937';
  const bg = options.bg ?? '#ffffff';
  const byId = new Map(chart.nodes.map((n) => [n.id, n]));
  const layout = layoutFlowchart(chart, (id) => boxOf(byId.get(id)!));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`);
  out.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${fg}"/></marker></defs>`);
  out.push(`<rect x="0" y="0" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" fill="${bg}"/>`);
  out.push('<g class="edges">');
  for (const e of layout.edges) {
    const edge = chart.edges[e.index]!;
    const dash = edge.style === 'dotted' ? ' stroke-dasharray="4 4"' : '';
    const width = edge.style === 'thick' ? 2.5 : 1.4;
    out.push(`<path d="${pathOf(e.points)}" fill="none" stroke="${fg}" stroke-width="${width}"${dash} marker-end="url(#arrow)"/>`);
  }
  for (const e of layout.edges) {
    const label = chart.edges[e.index]!.label;
    if (!label) continue;
    const p = labelPoint(e.points);
    const w = textWidth(label, SMALL) + 8;
    out.push(`<rect x="${(p.x - w / 2).toFixed(1)}" y="${(p.y - SMALL * 0.8).toFixed(1)}" width="${w.toFixed(1)}" height="${(SMALL * 1.6).toFixed(1)}" fill="${bg}" opacity="0.9"/>`);
    out.push(`<text x="${p.x.toFixed(1)}" y="${(p.y + SMALL * 0.35).toFixed(1)}" font-size="${SMALL}" text-anchor="middle" fill="${fg}">${escapeXml(label)}</text>`);
  }
  out.push('</g><g class="nodes">');
  for (const node of chart.nodes) {
    const placed = layout.nodes.get(node.id)!;
    const style = styleOf(node, chart.classes);
    out.push(`<g class="node" data-id="${escapeXml(node.id)}">`);
    out.push(`${outline(node.shape, placed)} fill="${escapeXml(style.fill ?? '#f9fafb')}" stroke="${escapeXml(style.stroke ?? fg)}" stroke-width="${escapeXml((style.strokeWidth ?? '1.2').replace(/px$/, ''))}"/>`);
    if (node.shape === 'subroutine') {
      const l = placed.x - placed.width / 2 + 6;
      const r = placed.x + placed.width / 2 - 6;
      const t = placed.y - placed.height / 2;
      const b = placed.y + placed.height / 2;
      out.push(`<path d="M${l},${t} L${l},${b} M${r},${t} L${r},${b}" stroke="${escapeXml(style.stroke ?? fg)}" stroke-width="1"/>`);
    }
    const height = node.lines.reduce((sum, l) => sum + (l.small ? SMALL : FONT) * LINE, 0);
    let y = placed.y - height / 2;
    for (const line of node.lines) {
      const size = line.small ? SMALL : FONT;
      y += size * LINE;
      out.push(`<text x="${placed.x.toFixed(1)}" y="${(y - size * 0.35).toFixed(1)}" font-size="${size}" text-anchor="middle" fill="${line.small ? '#4b5563' : fg}"${line.small ? '' : ' font-weight="600"'}>${escapeXml(line.text)}</text>`);
    }
    out.push('</g>');
  }
  out.push('</g></svg>');
  return out.join('');
}
