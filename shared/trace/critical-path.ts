import { SPAN_KINDS } from '../model.js';
import type { SpanTree } from './span-tree.js';

/**
 * The critical path: the chain of work the trace's end waited on, computed as Jaeger UI does
 * (packages/jaeger-ui/src/components/TracePage/CriticalPath/): start at a root's end, descend into the child that
 * finished last, and when a span has no child finishing before the point reached, its own time back to its start is
 * critical and the walk returns to the parent at that start, picking the child that finished just before it.
 *
 * One departure from Jaeger: on coming back up, a child that ended exactly when the returning one started is taken
 * (Jaeger wants it strictly before, so calls awaited back to back — a query, then the next — credit all but the last
 * to their parent). Each child is visited at most once, which also keeps a zero-length child from being re-entered.
 *
 * Before walking, as Jaeger's sanitizeOverFlowingChildren and filterBlockingSpans do: children that start after
 * their parent ends (or end before it starts) are dropped with their subtrees, children sticking out of their parent
 * are trimmed to it, and children the parent does not wait for (a consumer under a producer, FOLLOWS_FROM) are
 * dropped. Iterative, and O(n log n): each span's children are sorted by end once and scanned with one cursor.
 */
export interface CriticalPath {
  /** Span index → its critical sections [start, end] (relative ns), latest first. Spans off the path are absent. */
  readonly segments: ReadonlyMap<number, readonly (readonly [number, number])[]>;
}

const PRODUCER = SPAN_KINDS.indexOf('producer');
const CONSUMER = SPAN_KINDS.indexOf('consumer');

/** Times to use, e.g. clock-skew-adjusted ones; the tree's own columns otherwise. */
export interface Timing {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
}

export function criticalPath(tree: SpanTree, timing: Timing = tree.columns): CriticalPath {
  const segments = new Map<number, [number, number][]>();
  walkCriticalPath(tree, timing, (node, from, to) => {
    const list = segments.get(node);
    if (list) list.push([from, to]);
    else segments.set(node, [[from, to]]);
  });
  return { segments };
}

/**
 * Each span's total time on the critical path, as one array: what `criticalTime` gives span by span, without the
 * sections (the analysis asks it of every span of a million-span window).
 */
export function criticalTimes(tree: SpanTree, timing: Timing = tree.columns): Float64Array {
  const total = new Float64Array(tree.columns.count);
  walkCriticalPath(tree, timing, (node, from, to) => {
    total[node] = total[node]! + (to - from);
  });
  return total;
}

/** The walk described above; `add` is told each critical section (never an empty one), latest first. */
function walkCriticalPath(tree: SpanTree, timing: Timing, section: (node: number, from: number, to: number) => void): void {
  const count = tree.columns.count;
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const kept = keptSpans(tree, timing, start, end);
  const byEnd = childrenByEnd(tree, kept, end);
  const cursor = new Int32Array(count);
  const add = (node: number, from: number, to: number) => {
    if (from !== to) section(node, from, to);
  };

  for (const root of tree.roots) {
    let node = root;
    // Undefined on arriving at a span from above; the returning child's start on coming back up to it.
    let limit: number | undefined;
    for (;;) {
      const children = byEnd[node];
      let next = -1;
      if (children !== undefined) {
        let c = cursor[node]!;
        if (limit !== undefined) while (c < children.length && end[children[c]!]! > limit) c++;
        next = children[c] ?? -1;
        // Consumed: on returning, the scan goes on past it.
        cursor[node] = next === -1 ? c : c + 1;
      }
      const sectionEnd = limit ?? end[node]!;
      if (next !== -1) {
        add(node, end[next]!, sectionEnd);
        node = next;
        limit = undefined;
        continue;
      }
      add(node, start[node]!, sectionEnd);
      if (node === root) break;
      limit = start[node]!;
      node = tree.parent[node]!;
    }
  }
}

/** Top-down: which spans the walk may visit, with their times trimmed into their parent's. */
function keptSpans(tree: SpanTree, timing: Timing, start: Float64Array, end: Float64Array): Uint8Array {
  const { childOffsets, children } = tree;
  const { kinds, followsFrom } = tree.columns;
  const kept = new Uint8Array(tree.columns.count);
  const stack: number[] = [];
  for (const root of tree.roots) {
    kept[root] = 1;
    start[root] = timing.starts[root]!;
    end[root] = Math.max(start[root]!, timing.ends[root]!);
    stack.push(root);
  }
  while (stack.length > 0) {
    const p = stack.pop()!;
    for (let c = childOffsets[p]!; c < childOffsets[p + 1]!; c++) {
      const child = children[c]!;
      const nonBlocking = (kinds[p] === PRODUCER && kinds[child] === CONSUMER) || followsFrom?.[child] === 1;
      const s = timing.starts[child]!;
      const e = Math.max(s, timing.ends[child]!);
      if (nonBlocking || s >= end[p]! || e <= start[p]!) continue;
      kept[child] = 1;
      start[child] = Math.max(s, start[p]!);
      end[child] = Math.min(e, end[p]!);
      stack.push(child);
    }
  }
  return kept;
}

/** Each kept span's kept children, latest end first (ties: later start first, then later in the trace). */
function childrenByEnd(tree: SpanTree, kept: Uint8Array, end: Float64Array): (Int32Array | undefined)[] {
  const lists: (Int32Array | undefined)[] = new Array(tree.columns.count);
  const { childOffsets, children } = tree;
  for (let node = 0; node < tree.columns.count; node++) {
    // Most spans are leaves: nothing is allocated for them (a view and a filtered copy each were most of this).
    if (kept[node] === 0 || childOffsets[node] === childOffsets[node + 1]) continue;
    let n = 0;
    for (let c = childOffsets[node]!; c < childOffsets[node + 1]!; c++) n += kept[children[c]!]!;
    if (n === 0) continue;
    const list = new Int32Array(n);
    for (let c = childOffsets[node]!, k = 0; c < childOffsets[node + 1]!; c++) if (kept[children[c]!] === 1) list[k++] = children[c]!;
    // Jaeger keeps the first child reaching the maximum end; children are in start order (ties by index), so ties
    // on end fall back to exactly that order.
    const starts = tree.columns.starts;
    list.sort((a, b) => end[b]! - end[a]! || starts[a]! - starts[b]! || a - b);
    lists[node] = list;
  }
  return lists;
}

/** Total critical time per span, e.g. for a "time on the critical path" column. */
export function criticalTime(path: CriticalPath, node: number): number {
  let total = 0;
  for (const [from, to] of path.segments.get(node) ?? []) total += to - from;
  return total;
}
