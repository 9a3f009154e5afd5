import type { Flowchart } from './parse.js';

/**
 * A small layered (Sugiyama-style) layout for the 5–30-node flowcharts the dashboard draws:
 * back edges of cycles are turned around, nodes are put on layers by longest path, edges
 * spanning several layers get bend points on the layers in between, the order within each
 * layer is improved by barycentre sweeps, and the layers are spaced by the sizes of their
 * nodes. Sizes come from `measure` (the caller's estimate of each node's box).
 */
export interface Box {
  width: number;
  height: number;
  /** Edges end on the diamond's outline instead of its bounding box. */
  diamond?: boolean;
}

export interface PlacedNode extends Box {
  id: string;
  /** Centre. */
  x: number;
  y: number;
}

export interface RoutedEdge {
  index: number;
  /** From the source's border to the target's border, through the bend points. */
  points: { x: number; y: number }[];
  /** True when the edge goes against the flow (a loop back). */
  back: boolean;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, PlacedNode>;
  edges: RoutedEdge[];
}

export const GAP_ALONG = 56;
export const GAP_ACROSS = 36;
export const MARGIN = 16;
const SWEEPS = 8;

interface Item {
  id: string;
  box: Box;
  dummy: boolean;
}

/** Edges that close a cycle (found by depth-first search in node order): drawn reversed in the layering. */
function backEdges(ids: string[], edges: { from: string; to: string }[]): Set<number> {
  const out = new Map<string, number[]>();
  edges.forEach((e, i) => out.set(e.from, [...(out.get(e.from) ?? []), i]));
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<number>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const i of out.get(id) ?? []) {
      const to = edges[i]!.to;
      if (state.get(to) === 'open') back.add(i);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 'done');
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return back;
}

export function layoutFlowchart(chart: Flowchart, measure: (id: string) => Box): Layout {
  const horizontal = chart.direction === 'LR';
  const ids = chart.nodes.map((n) => n.id);
  const back = backEdges(ids, chart.edges);
  // self loops take no part in layering
  const forward = chart.edges.map((e, i) => (back.has(i) ? { from: e.to, to: e.from } : { from: e.from, to: e.to }));

  // longest-path layering
  const layerOf = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let pass = 0; pass < ids.length; pass++) {
    let changed = false;
    for (const e of forward) {
      if (e.from === e.to) continue;
      const next = layerOf.get(e.from)! + 1;
      if (next > layerOf.get(e.to)!) {
        layerOf.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }

  // layers with dummy items on the layers an edge crosses
  const depth = Math.max(0, ...layerOf.values()) + 1;
  const layers: Item[][] = Array.from({ length: depth }, () => []);
  const items = new Map<string, Item>();
  for (const id of ids) {
    const item = { id, box: measure(id), dummy: false };
    items.set(id, item);
    layers[layerOf.get(id)!]!.push(item);
  }
  const chains: string[][] = forward.map((e, i) => {
    if (e.from === e.to) return [e.from, e.to];
    const chain = [e.from];
    for (let l = layerOf.get(e.from)! + 1; l < layerOf.get(e.to)!; l++) {
      const dummy = { id: `\u0000${i}:${l}`, box: { width: 8, height: 8 }, dummy: true };
      items.set(dummy.id, dummy);
      layers[l]!.push(dummy);
      chain.push(dummy.id);
    }
    chain.push(e.to);
    return chain;
  });
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const chain of chains) {
    for (let k = 1; k < chain.length; k++) {
      if (chain[k - 1] === chain[k]) continue;
      down.set(chain[k - 1]!, [...(down.get(chain[k - 1]!) ?? []), chain[k]!]);
      up.set(chain[k]!, [...(up.get(chain[k]!) ?? []), chain[k - 1]!]);
    }
  }

  // ordering: barycentre sweeps down and up
  const position = new Map<string, number>();
  const renumber = () => layers.forEach((layer) => layer.forEach((item, i) => position.set(item.id, i)));
  renumber();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const downward = sweep % 2 === 0;
    const order = downward ? layers.keys() : [...layers.keys()].reverse();
    for (const l of order) {
      const neighbours = downward ? up : down;
      const layer = layers[l]!;
      const weight = new Map(layer.map((item) => {
        const ns = neighbours.get(item.id) ?? [];
        return [item.id, ns.length ? ns.reduce((sum, n) => sum + position.get(n)!, 0) / ns.length : position.get(item.id)!];
      }));
      layer.sort((a, b) => weight.get(a.id)! - weight.get(b.id)!);
      layer.forEach((item, i) => position.set(item.id, i));
    }
  }
  renumber();

  // coordinates: along = the flow's axis, across = within a layer
  const along = (b: Box) => (horizontal ? b.width : b.height);
  const across = (b: Box) => (horizontal ? b.height : b.width);
  const layerSize = layers.map((layer) => Math.max(0, ...layer.map((i) => along(i.box))));
  const layerWidth = layers.map((layer) => layer.reduce((sum, i) => sum + across(i.box), 0) + GAP_ACROSS * Math.max(0, layer.length - 1));
  const widest = Math.max(0, ...layerWidth);
  const centre = new Map<string, { a: number; c: number }>();
  let a = MARGIN;
  layers.forEach((layer, l) => {
    let c = MARGIN + (widest - layerWidth[l]!) / 2;
    for (const item of layer) {
      centre.set(item.id, { a: a + layerSize[l]! / 2, c: c + across(item.box) / 2 });
      c += across(item.box) + GAP_ACROSS;
    }
    a += layerSize[l]! + GAP_ALONG;
  });
  const point = (id: string) => {
    const p = centre.get(id)!;
    return horizontal ? { x: p.a, y: p.c } : { x: p.c, y: p.a };
  };

  const nodes = new Map<string, PlacedNode>();
  for (const id of ids) {
    const { width, height } = items.get(id)!.box;
    nodes.set(id, { id, width, height, ...point(id) });
  }

  /** Where the segment from the centre of `id` towards `toward` leaves its box. */
  const border = (id: string, toward: { x: number; y: number }) => {
    const n = nodes.get(id)!;
    const dx = toward.x - n.x;
    const dy = toward.y - n.y;
    if (dx === 0 && dy === 0) return { x: n.x, y: n.y };
    const scale = items.get(id)!.box.diamond
      ? 1 / (Math.abs(dx) / (n.width / 2) + Math.abs(dy) / (n.height / 2))
      : Math.min(dx === 0 ? Infinity : n.width / 2 / Math.abs(dx), dy === 0 ? Infinity : n.height / 2 / Math.abs(dy));
    return { x: n.x + dx * scale, y: n.y + dy * scale };
  };

  const edges: RoutedEdge[] = chains.map((chain, index) => {
    const isBack = back.has(index);
    const path = isBack ? [...chain].reverse() : chain;
    const first = path[0]!;
    const last = path[path.length - 1]!;
    if (first === last) {
      // a self loop: a small square on the node's far side
      const n = nodes.get(first)!;
      const r = 14;
      const points = horizontal
        ? [{ x: n.x + n.width / 4, y: n.y - n.height / 2 }, { x: n.x + n.width / 4, y: n.y - n.height / 2 - r }, { x: n.x - n.width / 4, y: n.y - n.height / 2 - r }, { x: n.x - n.width / 4, y: n.y - n.height / 2 }]
        : [{ x: n.x + n.width / 2, y: n.y - n.height / 4 }, { x: n.x + n.width / 2 + r, y: n.y - n.height / 4 }, { x: n.x + n.width / 2 + r, y: n.y + n.height / 4 }, { x: n.x + n.width / 2, y: n.y + n.height / 4 }];
      return { index, points, back: true };
    }
    const middle = path.slice(1, -1).map(point);
    if (isBack && middle.length === 0) {
      // a loop back between neighbouring layers: bend it out to the side, clear of the forward edge
      const a = nodes.get(first)!;
      const b = nodes.get(last)!;
      const side = horizontal ? Math.max(a.height, b.height) / 2 + 24 : Math.max(a.width, b.width) / 2 + 24;
      middle.push(horizontal ? { x: (a.x + b.x) / 2, y: Math.max(a.y, b.y) + side } : { x: Math.max(a.x, b.x) + side, y: (a.y + b.y) / 2 });
    }
    const start = border(first, middle[0] ?? point(last));
    const end = border(last, middle[middle.length - 1] ?? point(first));
    return { index, points: [start, ...middle, end], back: isBack };
  });

  const extentAlong = a - GAP_ALONG + MARGIN;
  const extentAcross = widest + 2 * MARGIN + 40; // room for self loops and loops back
  return { width: horizontal ? extentAlong : extentAcross, height: horizontal ? extentAcross : extentAlong, nodes, edges };
}
