/**
 * The Mermaid flowcharts the engine writes (lib/engine/mermaid.ts, lib/engine/processes/diagram.ts),
 * read back into nodes, edges and styles: `flowchart TD|LR`, one node per line with a shape and
 * a quoted label (`<br/>` between lines, `<small>` for the smaller ones, `#NN;` entity codes),
 * edges `-->`, `-.->`, `==>` with an optional `|label|`, `classDef` and `class` lines. Anything
 * else is ignored, so a newer engine's extra lines cost nothing but their drawing.
 */
export type Shape = 'rect' | 'round' | 'stadium' | 'subroutine' | 'diamond' | 'hexagon' | 'parallelogram' | 'trapezoid' | 'flag';

export interface LabelLine {
  text: string;
  small: boolean;
}

export interface FlowNode {
  id: string;
  shape: Shape;
  lines: LabelLine[];
  classes: string[];
}

export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
  style: 'solid' | 'dotted' | 'thick';
}

export interface ClassStyle {
  fill?: string;
  stroke?: string;
  strokeWidth?: string;
}

export interface Flowchart {
  direction: 'TD' | 'LR';
  nodes: FlowNode[];
  edges: FlowEdge[];
  classes: Record<string, ClassStyle>;
}

/** Opening and closing delimiters, longest first (so `([` wins over `(`). */
const SHAPES: [string, string, Shape][] = [
  ['([', '])', 'stadium'],
  ['[[', ']]', 'subroutine'],
  ['{{', '}}', 'hexagon'],
  ['[/', '/]', 'parallelogram'],
  ['[/', '\\]', 'trapezoid'],
  ['[', ']', 'rect'],
  ['(', ')', 'round'],
  ['{', '}', 'diamond'],
  ['>', ']', 'flag'],
];

const decode = (text: string) => text.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

export function labelLines(label: string): LabelLine[] {
  return label.split(/<br\s*\/?>/i).map((part) => {
    const small = /^\s*<small>[\s\S]*<\/small>\s*$/i.test(part);
    return { text: decode(part.replace(/<[^>]*>/g, '')).trim(), small };
  }).filter((line) => line.text !== '');
}

function parseNode(id: string, rest: string): FlowNode | undefined {
  for (const [open, close, shape] of SHAPES) {
    if (!rest.startsWith(open) || !rest.endsWith(close) || rest.length < open.length + close.length) continue;
    let label = rest.slice(open.length, rest.length - close.length);
    if (label.startsWith('"') && label.endsWith('"') && label.length >= 2) label = label.slice(1, -1);
    return { id, shape, lines: labelLines(label), classes: [] };
  }
  return undefined;
}

function parseStyle(text: string): ClassStyle {
  const style: ClassStyle = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split(':').map((s) => s.trim());
    if (!value || !/^[#\w.%()-]+$/.test(value)) continue;
    if (key === 'fill') style.fill = value;
    else if (key === 'stroke') style.stroke = value;
    else if (key === 'stroke-width') style.strokeWidth = value;
  }
  return style;
}

export function parseFlowchart(source: string): Flowchart {
  const chart: Flowchart = { direction: 'TD', nodes: [], edges: [], classes: {} };
  const byId = new Map<string, FlowNode>();
  const node = (id: string) => {
    let n = byId.get(id);
    if (!n) {
      n = { id, shape: 'rect', lines: [{ text: id, small: false }], classes: [] };
      byId.set(id, n);
      chart.nodes.push(n);
    }
    return n;
  };
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^flowchart\s+(TD|TB|LR)\b/.exec(line))) chart.direction = m[1] === 'LR' ? 'LR' : 'TD';
    else if ((m = /^classDef\s+(\w+)\s+(.+)$/.exec(line))) chart.classes[m[1]!] = parseStyle(m[2]!);
    else if ((m = /^class\s+([\w,]+)\s+(\w+)$/.exec(line))) for (const id of m[1]!.split(',')) node(id).classes.push(m[2]!);
    else if ((m = /^(\w+)\s*(-->|-\.->|==>)\s*(?:\|([^|]*)\|)?\s*(\w+)$/.exec(line))) {
      node(m[1]!);
      node(m[4]!);
      const style = m[2] === '-.->' ? 'dotted' : m[2] === '==>' ? 'thick' : 'solid';
      chart.edges.push({ from: m[1]!, to: m[4]!, style, ...(m[3] ? { label: decode(m[3]) } : {}) });
    } else if ((m = /^(\w+)(\S.*)$/.exec(line))) {
      const parsed = parseNode(m[1]!, m[2]!);
      if (!parsed) continue;
      const existing = byId.get(parsed.id);
      if (existing) Object.assign(existing, { shape: parsed.shape, lines: parsed.lines });
      else {
        byId.set(parsed.id, parsed);
        chart.nodes.push(parsed);
      }
    }
  }
  return chart;
}
