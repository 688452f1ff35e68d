import { NODE_BOX, type LayoutPositions } from './graph-layout.js';

export interface Point {
  x: number;
  y: number;
}

/** Past this many nodes the overlap check (every new node against every placed one) costs more than it gives. */
const MAX_ANCHORED_NODES = 1500;

/**
 * A fresh layout with the nodes the reader has already seen put back where they were: importing an unrelated file
 * must not re-shuffle the whole graph and lose the reader's mental map. New nodes keep their place relative to the
 * known ones (the fresh layout moved by the known nodes' median shift), pushed down until they overlap nothing. New
 * nodes with no call to or from a known one (an unrelated file's services) go together below the known drawing,
 * instead of being threaded through it. `edges` are node index pairs, flat (as the layout request has them).
 */
export function keepKnownPositions(
  names: readonly string[],
  fresh: LayoutPositions,
  previous: ReadonlyMap<string, Point>,
  edges: ArrayLike<number> = [],
): LayoutPositions {
  const known: number[] = [];
  names.forEach((name, i) => previous.has(name) && known.push(i));
  if (known.length === 0 || names.length > MAX_ANCHORED_NODES) return fresh;
  const dx = median(known.map((i) => previous.get(names[i]!)!.x - fresh.x[i]!));
  const dy = median(known.map((i) => previous.get(names[i]!)!.y - fresh.y[i]!));

  const isKnown = names.map((name) => previous.has(name));
  const touchesKnown = [...isKnown];
  for (let e = 0; e + 1 < edges.length; e += 2) {
    const [s, t] = [edges[e]!, edges[e + 1]!];
    if (isKnown[s]) touchesKnown[t] = true;
    if (isKnown[t]) touchesKnown[s] = true;
  }
  const apart = names.map((_, i) => i).filter((i) => !touchesKnown[i]);
  const below = apartShift(known.map((i) => previous.get(names[i]!)!), apart.map((i) => ({ x: fresh.x[i]!, y: fresh.y[i]! })));

  const x = new Float64Array(names.length);
  const y = new Float64Array(names.length);
  const placed: Point[] = [];
  for (const i of known) {
    const point = previous.get(names[i]!)!;
    x[i] = point.x;
    y[i] = point.y;
    placed.push(point);
  }
  names.forEach((name, i) => {
    if (previous.has(name)) return;
    const shift = touchesKnown[i] ? { x: dx, y: dy } : below;
    const point = { x: fresh.x[i]! + shift.x, y: fresh.y[i]! + shift.y };
    while (placed.some((p) => Math.abs(p.x - point.x) < NODE_BOX.width && Math.abs(p.y - point.y) < NODE_BOX.height)) point.y += NODE_BOX.height;
    x[i] = point.x;
    y[i] = point.y;
    placed.push(point);
  });
  return { x, y, groups: fresh.groups };
}

/** The move that puts the unrelated nodes' drawing under the known one, left edges aligned. */
function apartShift(known: Point[], apart: Point[]): Point {
  if (apart.length === 0) return { x: 0, y: 0 };
  const knownLeft = Math.min(...known.map((p) => p.x));
  const knownBottom = Math.max(...known.map((p) => p.y));
  const apartLeft = Math.min(...apart.map((p) => p.x));
  const apartTop = Math.min(...apart.map((p) => p.y));
  return { x: knownLeft - apartLeft, y: knownBottom + 2 * NODE_BOX.height - apartTop };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

// The flat graph's last drawn positions, by node name: kept across view switches and refetches for this window.
const remembered = new Map<string, Point>();

export function rememberedPositions(): ReadonlyMap<string, Point> {
  return remembered;
}

let stretch: number | undefined;

/** The vertical stretch the flat graph was last drawn with (GraphCanvas). */
export function rememberStretch(yScale: number): void {
  stretch = yScale;
}

export function rememberedStretch(): number | undefined {
  return stretch;
}

export function rememberPositions(names: readonly string[], positions: LayoutPositions): void {
  names.forEach((name, i) => remembered.set(name, { x: positions.x[i]!, y: positions.y[i]! }));
}
