import { SPAN_KINDS, type Span } from '../model.js';
import { criticalTimes } from '../trace/critical-path.js';
import { buildSpanTree, ORPHAN_MISSING_PARENT } from '../trace/span-tree.js';

/**
 * Every trace's tree, concatenated: trace t's spans are at [offset, offset + n) in its member order (local index k is
 * the span members[k]), its child offsets at [offset + t, offset + t + n + 1). Times are exact ns from the trace's
 * start, as the detectors measure them.
 */
export interface TraceTrees {
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
  readonly parent: Int32Array;
  readonly childOffsets: Int32Array;
  readonly children: Int32Array;
  readonly criticalNs: Float64Array;
}

/** One trace of the window: where its spans are, and its root (the span without a parent), as a member index or -1. */
export interface TraceMembers {
  readonly members: Int32Array;
  readonly offset: number;
  readonly t: number;
  readonly root: number;
}

const PRODUCER = SPAN_KINDS.indexOf('producer');
const CONSUMER = SPAN_KINDS.indexOf('consumer');
/** Up to this many spans, ids are matched by comparing them; a map costs more. */
const SMALL_TRACE = 16;

/**
 * Working arrays for one trace at a time, grown to the largest trace and reused: a million spans in ~100k traces
 * made several typed arrays and maps per trace, and collecting them was a third of the ranking's time.
 */
export class TreeScratch {
  kinds = new Uint8Array(0);
  followsFrom = new Uint8Array(0);
  order = new Int32Array(0);
  fill = new Int32Array(0);
  stack = new Int32Array(0);
  seen = new Uint8Array(0);
  kept = new Uint8Array(0);
  keptStart = new Float64Array(0);
  keptEnd = new Float64Array(0);
  byEndOffsets = new Int32Array(0);
  byEnd = new Int32Array(0);
  cursor = new Int32Array(0);

  ensure(n: number): void {
    if (this.order.length >= n) return;
    const size = Math.max(n, this.order.length * 2, 64);
    this.kinds = new Uint8Array(size);
    this.followsFrom = new Uint8Array(size);
    this.order = new Int32Array(size);
    this.fill = new Int32Array(size);
    this.stack = new Int32Array(size);
    this.seen = new Uint8Array(size);
    this.kept = new Uint8Array(size);
    this.keptStart = new Float64Array(size);
    this.keptEnd = new Float64Array(size);
    this.byEndOffsets = new Int32Array(size + 1);
    this.byEnd = new Int32Array(size);
    this.cursor = new Int32Array(size);
  }
}

/**
 * Trace `trace`'s tree and critical-path times into `trees`, from its times already there and its kinds and
 * follows-from marks in `scratch`: the waterfall's tree (shared/trace/span-tree.ts) and critical path
 * (shared/trace/critical-path.ts), with spans whose parent is lost hung under the root. Traces with shared span ids
 * (Zipkin) or parent cycles go through those modules themselves; the rest, nearly all, are built here in the
 * scratch arrays, with the same result (trace-trees.test.ts compares them).
 */
export function buildTraceTree(spans: readonly Span[], trace: TraceMembers, trees: TraceTrees, scratch: TreeScratch): void {
  if (!leanTree(spans, trace, trees, scratch)) generalTree(spans, trace, trees, scratch);
}

/** The scratch-array build; false (nothing usable written) when the trace needs the general one. Exported for its test. */
export function leanTree(spans: readonly Span[], { members, offset, t, root }: TraceMembers, trees: TraceTrees, scratch: TreeScratch): boolean {
  const n = members.length;
  const { parent, childOffsets, children, startNs } = trees;
  const base = offset + t;
  if (!resolveParents(spans, members, root, parent, offset)) return false;

  const order = scratch.order;
  let sorted = true;
  for (let k = 0; k < n; k++) {
    order[k] = k;
    if (k > 0 && startNs[offset + k]! < startNs[offset + k - 1]!) sorted = false;
  }
  if (!sorted) sortByStart(order, n, startNs, offset);

  for (let k = 0; k <= n; k++) childOffsets[base + k] = 0;
  for (let k = 0; k < n; k++) if (parent[offset + k]! >= 0) childOffsets[base + parent[offset + k]! + 1]!++;
  for (let k = 0; k < n; k++) childOffsets[base + k + 1]! += childOffsets[base + k]!;
  const fill = scratch.fill;
  for (let k = 0; k < n; k++) fill[k] = childOffsets[base + k]!;
  for (let r = 0; r < n; r++) {
    const k = order[r]!;
    const p = parent[offset + k]!;
    if (p >= 0) children[offset + fill[p]!++] = k;
  }
  if (!everySpanReached(trees, offset, base, n, scratch)) return false;
  leanCriticalTimes(trees, offset, base, n, scratch);
  return true;
}

/** Local parents into trees.parent; false when ids repeat (Zipkin's shared RPC spans need the general tree). */
function resolveParents(spans: readonly Span[], members: Int32Array, root: number, parent: Int32Array, offset: number): boolean {
  const n = members.length;
  // A map of its own per trace: one reused map's tables outlived young collections and were made in old space.
  const ids = new Map<string, number>();
  const small = n <= SMALL_TRACE;
  if (small) {
    for (let k = 1; k < n; k++) {
      const id = spans[members[k]!]!.spanId;
      for (let j = 0; j < k; j++) if (spans[members[j]!]!.spanId === id) return false;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const id = spans[members[k]!]!.spanId;
      if (ids.has(id)) return false;
      ids.set(id, k);
    }
  }
  let rootLocal = -1;
  for (let k = 0; k < n && root !== -1; k++) if (members[k] === root) rootLocal = k;
  for (let k = 0; k < n; k++) {
    const parentId = spans[members[k]!]!.parentSpanId;
    let p = -1;
    if (parentId !== null) {
      if (small) {
        for (let j = 0; j < n; j++) {
          if (spans[members[j]!]!.spanId === parentId) {
            p = j;
            break;
          }
        }
      } else p = ids.get(parentId) ?? -1;
      // A span naming itself, or a parent not in the trace: hung under the root (its time was spent below it).
      if (p === k) p = -1;
      if (p === -1 && rootLocal !== -1) p = rootLocal;
    }
    parent[offset + k] = p;
  }
  return true;
}

/** Whether a walk down from the roots reaches every span; one that does not sits on a parent cycle. */
function everySpanReached(trees: TraceTrees, offset: number, base: number, n: number, scratch: TreeScratch): boolean {
  const { parent, childOffsets, children } = trees;
  const { stack, seen } = scratch;
  seen.fill(0, 0, n);
  let top = 0;
  let reached = 0;
  for (let k = 0; k < n; k++) {
    if (parent[offset + k] !== -1) continue;
    stack[top++] = k;
    seen[k] = 1;
  }
  while (top > 0) {
    const node = stack[--top]!;
    reached++;
    for (let c = childOffsets[base + node]!; c < childOffsets[base + node + 1]!; c++) {
      const child = children[offset + c]!;
      if (seen[child] === 1) continue;
      seen[child] = 1;
      stack[top++] = child;
    }
  }
  return reached === n;
}

/** criticalTimes (shared/trace/critical-path.ts) on the flat arrays: the same trimming, order and walk. */
function leanCriticalTimes(trees: TraceTrees, offset: number, base: number, n: number, scratch: TreeScratch): void {
  const { parent, childOffsets, children, startNs, endNs, criticalNs } = trees;
  const { kinds, followsFrom, order, stack, kept, keptStart, keptEnd, byEndOffsets, byEnd, cursor } = scratch;
  kept.fill(0, 0, n);
  let top = 0;
  for (let r = 0; r < n; r++) {
    const k = order[r]!;
    criticalNs[offset + k] = 0;
    if (parent[offset + k] !== -1) continue;
    kept[k] = 1;
    keptStart[k] = startNs[offset + k]!;
    keptEnd[k] = Math.max(keptStart[k]!, endNs[offset + k]!);
    stack[top++] = k;
  }
  while (top > 0) {
    const p = stack[--top]!;
    for (let c = childOffsets[base + p]!; c < childOffsets[base + p + 1]!; c++) {
      const child = children[offset + c]!;
      const nonBlocking = (kinds[p] === PRODUCER && kinds[child] === CONSUMER) || followsFrom[child] === 1;
      const s = startNs[offset + child]!;
      const e = Math.max(s, endNs[offset + child]!);
      if (nonBlocking || s >= keptEnd[p]! || e <= keptStart[p]!) continue;
      kept[child] = 1;
      keptStart[child] = Math.max(s, keptStart[p]!);
      keptEnd[child] = Math.min(e, keptEnd[p]!);
      stack[top++] = child;
    }
  }
  // Each kept span's kept children, latest end first (ties: earlier start, then earlier in the trace).
  let filled = 0;
  for (let k = 0; k < n; k++) {
    byEndOffsets[k] = filled;
    cursor[k] = filled;
    if (kept[k] === 0) continue;
    const from = filled;
    for (let c = childOffsets[base + k]!; c < childOffsets[base + k + 1]!; c++) {
      const child = children[offset + c]!;
      if (kept[child] === 1) byEnd[filled++] = child;
    }
    sortByEnd(byEnd, from, filled, keptEnd, startNs, offset);
  }
  byEndOffsets[n] = filled;

  const add = (node: number, from: number, to: number) => {
    if (from !== to) criticalNs[offset + node] = criticalNs[offset + node]! + (to - from);
  };
  for (let r = 0; r < n; r++) {
    const root = order[r]!;
    if (parent[offset + root] !== -1) continue;
    let node = root;
    let limited = false;
    let limit = 0;
    for (;;) {
      const last = byEndOffsets[node + 1]!;
      let c = cursor[node]!;
      if (limited) while (c < last && keptEnd[byEnd[c]!]! > limit) c++;
      const next = c < last ? byEnd[c]! : -1;
      cursor[node] = next === -1 ? c : c + 1;
      const sectionEnd = limited ? limit : keptEnd[node]!;
      if (next !== -1) {
        add(node, keptEnd[next]!, sectionEnd);
        node = next;
        limited = false;
        continue;
      }
      add(node, keptStart[node]!, sectionEnd);
      if (node === root) break;
      limited = true;
      limit = keptStart[node]!;
      node = parent[offset + node]!;
    }
  }
}

/** order[0, n) by start, ties by index: insertion sort for the usual short trace (a comparator sort allocates). */
function sortByStart(order: Int32Array, n: number, startNs: Float64Array, offset: number): void {
  if (n > 64) {
    order.subarray(0, n).sort((a, b) => startNs[offset + a]! - startNs[offset + b]! || a - b);
    return;
  }
  for (let i = 1; i < n; i++) {
    const item = order[i]!;
    let j = i - 1;
    while (j >= 0 && (startNs[offset + order[j]!]! > startNs[offset + item]! || (startNs[offset + order[j]!] === startNs[offset + item] && order[j]! > item))) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = item;
  }
}

/** Insertion sort of list[from, to): child lists are short. */
function sortByEnd(list: Int32Array, from: number, to: number, end: Float64Array, startNs: Float64Array, offset: number): void {
  for (let i = from + 1; i < to; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= from && after(list[j]!, item, end, startNs, offset)) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
}

/** Whether a comes after b: ends earlier, or ends together and starts later, or ties and is later in the trace. */
function after(a: number, b: number, end: Float64Array, startNs: Float64Array, offset: number): boolean {
  return end[b]! - end[a]! > 0 || (end[b] === end[a] && (startNs[offset + a]! - startNs[offset + b]! > 0 || (startNs[offset + a] === startNs[offset + b] && a > b)));
}

/** The waterfall's own tree and critical path, copied into `trees`: for shared ids and parent cycles. */
export function generalTree(spans: readonly Span[], { members, offset, t, root }: TraceMembers, trees: TraceTrees, scratch: TreeScratch): void {
  const n = members.length;
  const spanIds: string[] = new Array<string>(n);
  const parentIds: (string | null)[] = new Array<string | null>(n);
  for (let k = 0; k < n; k++) {
    spanIds[k] = spans[members[k]!]!.spanId;
    parentIds[k] = spans[members[k]!]!.parentSpanId;
  }
  const columns = {
    count: n,
    spanIds,
    parentIds,
    kinds: scratch.kinds.slice(0, n),
    starts: trees.startNs.subarray(offset, offset + n),
    ends: trees.endNs.subarray(offset, offset + n),
    followsFrom: scratch.followsFrom.slice(0, n),
  };
  let tree = buildSpanTree(columns);
  // A span whose parent was lost hangs under the root: its time was spent somewhere below the root, and left at
  // the top it would count as the root's own time, blaming the entry point for whatever is slow in that branch.
  if (root !== -1 && tree.orphan.includes(ORPHAN_MISSING_PARENT)) {
    for (let k = 0; k < n; k++) if (tree.orphan[k] === ORPHAN_MISSING_PARENT) parentIds[k] = spans[root]!.spanId;
    tree = buildSpanTree(columns);
  }
  trees.parent.set(tree.parent, offset);
  trees.childOffsets.set(tree.childOffsets, offset + t);
  trees.children.set(tree.children, offset);
  trees.criticalNs.set(criticalTimes(tree), offset);
}
