import { adjacency, callLayers, placeLayered, type Item } from './layered-placement.js';

/** What the layout worker is sent: plain arrays, so it crosses postMessage cheaply. */
export interface LayoutRequest {
  nodeCount: number;
  /** Group of each node (index into `groupNames`), or -1 for none. */
  groupOf: Int32Array;
  groupCount: number;
  /** source, target node indexes, flat. */
  edges: Uint32Array;
}

export interface LayoutPositions {
  x: Float64Array;
  y: Float64Array;
  /** Each group's box: centre x, centre y, width, height (4 numbers per group, in group order). */
  groups: Float64Array;
  /** The vertical stretch to draw with; when absent the canvas fits one to its viewport (verticalStretch). */
  yScale?: number;
}

/** The room one node takes: its disc, its label below, and breathing space. */
export const NODE_BOX: Item = { width: 120, height: 58 };
/** Space inside a group box around its members, and above them for the group's name. */
export const GROUP_PADDING = 18;
export const GROUP_LABEL = 34;

const TOP = { columnGap: 70, rowGap: 22 };
const INNER = { columnGap: 40, rowGap: 10 };
/** Screens are wider than tall: aim the whole drawing at roughly this width:height. */
const ASPECT = 1.7;

/**
 * Places every node. Groups are laid out as blocks: members first, inside their own box (a layered placement of the
 * calls within the group), then the boxes and ungrouped nodes together by the calls between them, so group boxes
 * never overlap and a group's members sit together.
 */
export function layoutGraph(request: LayoutRequest): LayoutPositions {
  const { nodeCount, groupOf, groupCount, edges } = request;
  // Blocks: one per group, then one per ungrouped node.
  const blockOf = new Int32Array(nodeCount);
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  let blocks = groupCount;
  for (let v = 0; v < nodeCount; v++) {
    const group = groupOf[v]!;
    if (group >= 0) {
      blockOf[v] = group;
      members[group]!.push(v);
    } else {
      blockOf[v] = blocks++;
      members.push([v]);
    }
  }
  const local = new Int32Array(nodeCount);
  members.forEach((list) => list.forEach((v, i) => (local[v] = i)));
  const innerEdges: [number, number][][] = members.map(() => []);
  const blockEdges: [number, number][] = [];
  const seen = new Set<number>();
  for (let i = 0; i < edges.length; i += 2) {
    const s = edges[i]!;
    const t = edges[i + 1]!;
    const bs = blockOf[s]!;
    const bt = blockOf[t]!;
    if (bs === bt) innerEdges[bs]!.push([local[s]!, local[t]!]);
    else if (!seen.has(bs * blocks + bt)) {
      seen.add(bs * blocks + bt);
      blockEdges.push([bs, bt]);
    }
  }

  const inner = members.map((list, b) => {
    if (b >= groupCount) return null;
    const items = list.map(() => NODE_BOX);
    return placeLayered(items, innerEdges[b]!, { ...INNER, maxColumnHeight: columnHeight(items, 1) });
  });
  const blockItems: Item[] = inner.map((placement) =>
    placement === null
      ? NODE_BOX
      : { width: placement.width + 2 * GROUP_PADDING, height: placement.height + 2 * GROUP_PADDING + GROUP_LABEL },
  );
  const top = placeLayered(blockItems, blockEdges, { ...TOP, maxColumnHeight: columnHeight(blockItems, ASPECT) }, blockLayers(request, members));

  const x = new Float64Array(nodeCount);
  const y = new Float64Array(nodeCount);
  const groups = new Float64Array(groupCount * 4);
  for (let b = 0; b < groupCount; b++) groups.set([top.x[b]!, top.y[b]!, blockItems[b]!.width, blockItems[b]!.height], b * 4);
  members.forEach((list, b) => {
    const placement = inner[b];
    const cx = top.x[b]!;
    const cy = top.y[b]!;
    if (placement === null || placement === undefined) {
      x[list[0]!] = cx;
      y[list[0]!] = cy;
      return;
    }
    const box = blockItems[b]!;
    const left = cx - box.width / 2 + GROUP_PADDING;
    const upper = cy - box.height / 2 + GROUP_PADDING + GROUP_LABEL;
    list.forEach((v, i) => {
      x[v] = left + placement.x[i]!;
      y[v] = upper + placement.y[i]!;
    });
  });
  return { x, y, groups };
}

/** The column height that makes items of this total area come out about `aspect` times wider than tall. */
function columnHeight(items: readonly Item[], aspect: number): number {
  let area = 0;
  let tallest = 0;
  for (const item of items) {
    area += item.width * item.height * 2; // gaps roughly double the footprint
    tallest = Math.max(tallest, item.height);
  }
  return Math.max(tallest, Math.sqrt(area / aspect), 6 * NODE_BOX.height);
}

/**
 * A block's column is the median call depth of its members in the whole graph. Layering the blocks by the calls
 * between them instead chains groups that all call each other into one long row.
 */
function blockLayers(request: LayoutRequest, members: number[][]): Int32Array {
  const pairs: [number, number][] = [];
  for (let i = 0; i < request.edges.length; i += 2) pairs.push([request.edges[i]!, request.edges[i + 1]!]);
  const { out, inc } = adjacency(request.nodeCount, pairs);
  const nodeLayer = callLayers(request.nodeCount, out, inc);
  return Int32Array.from(members, (list) => {
    const layers = list.map((v) => nodeLayer[v]!).sort((a, b) => a - b);
    return layers[Math.floor(layers.length / 2)]!;
  });
}

/**
 * How much to spread a drawing vertically so it fills a viewport of the given size: a shallow, deep call chain is
 * far wider than tall, and fitting it to the screen would shrink every node. Only ever spreads (never overlaps),
 * and at most 3×.
 */
export function verticalStretch(positions: LayoutPositions, viewWidth: number, viewHeight: number): number {
  if (positions.y.length < 2 || viewWidth <= 0 || viewHeight <= 0) return 1;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < positions.x.length; i++) {
    minX = Math.min(minX, positions.x[i]!);
    maxX = Math.max(maxX, positions.x[i]!);
    minY = Math.min(minY, positions.y[i]!);
    maxY = Math.max(maxY, positions.y[i]!);
  }
  const width = maxX - minX + NODE_BOX.width;
  const height = maxY - minY + NODE_BOX.height;
  const wanted = (width * viewHeight) / viewWidth;
  return Math.min(3, Math.max(1, wanted / height));
}
