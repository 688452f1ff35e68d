import type { SpanTree } from './span-tree.js';

/**
 * Clock-skew adjustment as Jaeger's adjuster does it (model/adjuster/clockskew.go): clocks differ between hosts, so
 * a server span on one host can appear to start before the client span on another host that called it. Where a
 * child on another host than its parent does not fit inside the parent, and is shorter than it, it is centred in
 * the parent (latency = (parentDuration − childDuration) / 2 on each side) and the same shift applies to every
 * descendant on the child's host; descendants on yet another host are judged against the shifted times. The raw
 * times are never touched: this returns new columns.
 */
export interface SkewAdjustment {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** The shift applied to each span (ns, adjusted − raw). */
  readonly delta: Float64Array;
  /** 1 for spans whose times moved (a mask, not a Set: a million-entry Set alone costs ~0.5 s). */
  readonly adjusted: Uint8Array;
  readonly adjustedCount: number;
}

export function adjustClockSkew(tree: SpanTree): SkewAdjustment {
  const { count, starts: rawStarts, ends: rawEnds } = tree.columns;
  const hosts = tree.columns.hosts;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const delta = new Float64Array(count);
  const adjusted = new Uint8Array(count);
  let adjustedCount = 0;

  const stack: number[] = [];
  for (const root of tree.roots) stack.push(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const p = tree.parent[node]!;
    let shift = 0;
    if (p !== -1) {
      // Same host: the parent's clock, so the parent's shift.
      shift = hosts !== undefined && hosts[node] !== hosts[p] ? skew(node, p, rawStarts, rawEnds, starts, ends) : delta[p]!;
    }
    delta[node] = shift;
    starts[node] = rawStarts[node]! + shift;
    ends[node] = rawEnds[node]! + shift;
    if (shift !== 0) {
      adjusted[node] = 1;
      adjustedCount++;
    }
    for (let c = tree.childOffsets[node]!; c < tree.childOffsets[node + 1]!; c++) stack.push(tree.children[c]!);
  }
  return { starts, ends, delta, adjusted, adjustedCount };
}

/** The shift for a child on another host than its (already adjusted) parent; 0 when it fits or cannot be centred. */
function skew(node: number, parent: number, rawStarts: Float64Array, rawEnds: Float64Array, starts: Float64Array, ends: Float64Array): number {
  const childStart = rawStarts[node]!;
  const childEnd = rawEnds[node]!;
  const parentStart = starts[parent]!;
  const parentEnd = ends[parent]!;
  const childDuration = childEnd - childStart;
  const parentDuration = parentEnd - parentStart;
  // A child longer than its parent is async work (or a one-way call): there is no latency to split.
  if (childDuration > parentDuration) return 0;
  if (parentStart <= childStart && childEnd <= parentEnd) return 0;
  const latency = (parentDuration - childDuration) / 2;
  return parentStart + latency - childStart;
}

/** The keys of the spans that moved. */
export function adjustedKeys(tree: SpanTree, adjustment: SkewAdjustment): Set<string> {
  const keys = new Set<string>();
  adjustment.adjusted.forEach((moved, node) => {
    if (moved === 1) keys.add(tree.keys[node]!);
  });
  return keys;
}
