import { SPAN_KINDS, type Span } from '../model.js';
import { isFollowsFrom, kindIndex } from '../trace/span-tree.js';
import type { TraceShape } from './detectors/trace-view.js';
import { buildTraceTree, TreeScratch, type TraceMembers, type TraceTrees } from './trace-trees.js';

/**
 * The window's spans indexed once for the ranking (spans whose parent is missing hang under their trace's root): per-span columns (times in ms from the earliest start, which
 * doubles hold exactly enough for latency work), parent links resolved inside each trace, each trace's root, and
 * every span's time on its trace's critical path (shared/trace/critical-path.ts, as the waterfall computes it):
 * own work the trace's end waited on, so a caller that merely waits on a slow callee gets none.
 */
export interface SpanSet {
  readonly spans: readonly Span[];
  readonly baseNs: number;
  readonly trace: Int32Array;
  readonly parent: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly error: Uint8Array;
  readonly critical: Float64Array;
  /** Own time (duration less the union of its children's), and, on the span where a request enters a service, the
   * own time of all that service's spans for the request (its local work, whatever internal spans split it into). */
  readonly self: Float64Array;
  readonly local: Float64Array;
  readonly traces: readonly TraceEntry[];
  /** Span index by span id (first seen), of the spans some link points at: for following links. */
  readonly byId: ReadonlyMap<string, number>;
  /** Each trace's tree as the detectors see it (see `shapeOf`). */
  readonly trees: TraceTrees;
}

export interface TraceEntry {
  readonly id: string;
  readonly spans: Int32Array;
  /** Where its tree starts in `SpanSet.trees`. */
  readonly offset: number;
  /** The span without a parent (earliest if several), or -1 when the trace lost it. */
  readonly root: number;
}

export const CONSUMER = SPAN_KINDS.indexOf('consumer');

export function indexSpans(spans: readonly Span[]): SpanSet {
  const count = spans.length;
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  // Each ns string is read once, as exact seconds + nanoseconds: the trees below take exact offsets from them, and
  // the ranking's epoch ms are made from them.
  const times = exactTimes(spans);
  let baseMs = Infinity;
  for (let i = 0; i < count; i++) {
    start[i] = times.startSec[i]! * 1e3 + times.startNsec[i]! / 1e6;
    baseMs = Math.min(baseMs, start[i]!);
  }
  if (!Number.isFinite(baseMs)) baseMs = 0;
  const baseNs = baseMs * 1e6;
  const error = new Uint8Array(count);
  const trace = new Int32Array(count);
  const parent = new Int32Array(count).fill(-1);
  const critical = new Float64Array(count);
  const self = new Float64Array(count);
  const byTrace = new Map<string, number[]>();
  const wanted = new Map<string, Set<string>>();
  let list: number[] = [];
  let listTrace: string | null = null;
  for (let i = 0; i < count; i++) {
    const s = spans[i]!;
    start[i] = start[i]! - baseMs;
    end[i] = Math.max(start[i]!, times.endSec[i]! * 1e3 + times.endNsec[i]! / 1e6 - baseMs);
    error[i] = s.statusCode === 'error' ? 1 : 0;
    // Rows mostly come a trace at a time: the map is asked only when the trace changes.
    if (s.traceId !== listTrace) {
      listTrace = s.traceId;
      list = byTrace.get(s.traceId) ?? [];
      if (list.length === 0) byTrace.set(s.traceId, list);
    }
    list.push(i);
    // Link targets are gathered here, on the one pass that reads every span anyway.
    if (s.links.length > 0) wantLinkTargets(wanted, s);
  }
  const byId = linkTargets(spans, byTrace, wanted);
  const traces: TraceEntry[] = [];
  const trees: TraceTrees = {
    startNs: new Float64Array(count),
    endNs: new Float64Array(count),
    parent: new Int32Array(count),
    childOffsets: new Int32Array(count + byTrace.size),
    children: new Int32Array(count),
    criticalNs: new Float64Array(count),
  };
  const scratch = new TreeScratch();
  let offset = 0;
  for (const [id, list] of byTrace) {
    const t = traces.length;
    const members = Int32Array.from(list);
    let root = -1;
    for (const i of members) {
      trace[i] = t;
      if (spans[i]!.parentSpanId === null && (root === -1 || start[i]! < start[root]!)) root = i;
    }
    walkTrace(spans, { members, offset, t, root }, times, { parent, critical, self }, trees, scratch);
    traces.push({ id, spans: members, root, offset });
    offset += members.length;
  }
  const local = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let entry = i;
    while (parent[entry] !== -1 && spans[parent[entry]!]!.service === spans[i]!.service) entry = parent[entry]!;
    local[entry] = local[entry]! + self[i]!;
  }
  return { spans, baseNs, trace, parent, start, end, error, critical, self, local, traces, byId, trees };
}

/** Adds the span's link targets to `wanted`: span ids by the trace each link names. */
function wantLinkTargets(wanted: Map<string, Set<string>>, span: Span): void {
  for (const link of span.links) {
    let ids = wanted.get(link.traceId);
    if (ids === undefined) wanted.set(link.traceId, (ids = new Set()));
    ids.add(link.spanId);
  }
}

/**
 * The spans some link points at, by span id. Only they are ever looked up by id, and a link names its target's trace:
 * each is looked for among that trace's spans alone, so no other span id is hashed.
 */
function linkTargets(spans: readonly Span[], byTrace: ReadonlyMap<string, readonly number[]>, wanted: ReadonlyMap<string, ReadonlySet<string>>): Map<string, number> {
  const byId = new Map<string, number>();
  for (const [traceId, ids] of wanted) {
    for (const i of byTrace.get(traceId) ?? []) {
      const id = spans[i]!.spanId;
      if (ids.has(id) && !byId.has(id)) byId.set(id, i);
    }
  }
  return byId;
}

/** Trace t's tree for the detectors: views onto `set.trees`, local indices in the trace's member order. */
export function shapeOf(set: SpanSet, t: number): TraceShape {
  const { offset, spans } = set.traces[t]!;
  const n = spans.length;
  const at = (a: Float64Array) => a.subarray(offset, offset + n);
  const tree = set.trees;
  const childOffsets = tree.childOffsets.subarray(offset + t, offset + t + n + 1);
  return {
    starts: at(tree.startNs),
    ends: at(tree.endNs),
    parent: tree.parent.subarray(offset, offset + n),
    childOffsets,
    children: tree.children.subarray(offset, offset + n),
    critical: at(tree.criticalNs),
  };
}

/** Start and end of every span as whole seconds and nanoseconds (both exact in doubles), read from the ns strings. */
interface ExactTimes {
  startSec: Float64Array;
  startNsec: Float64Array;
  endSec: Float64Array;
  endNsec: Float64Array;
}

function exactTimes(spans: readonly Span[]): ExactTimes {
  const n = spans.length;
  const times = { startSec: new Float64Array(n), startNsec: new Float64Array(n), endSec: new Float64Array(n), endNsec: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    splitNs(spans[i]!.startNs, times.startSec, times.startNsec, i);
    splitNs(spans[i]!.endNs, times.endSec, times.endNsec, i);
  }
  return times;
}

function splitNs(ns: string, sec: Float64Array, nsec: Float64Array, i: number): void {
  const n = ns.length;
  let whole = 0;
  let fraction = 0;
  // Up to 21 digits the seconds part stays below 2^53; anything else (a sign, an absurd length) goes through BigInt.
  for (let k = 0; k < n && n <= 21; k++) {
    const digit = ns.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) break;
    if (k < n - 9) whole = whole * 10 + digit;
    else fraction = fraction * 10 + digit;
    if (k === n - 1) {
      sec[i] = whole;
      nsec[i] = fraction;
      return;
    }
  }
  const big = BigInt(ns);
  sec[i] = Number(big / 1_000_000_000n);
  nsec[i] = Number(big % 1_000_000_000n);
}

/**
 * One trace's tree and critical path (trace-trees.ts), on exact ns from the trace's start: parents, own time and
 * critical-path time for the ranking (in ms), and the tree as the detectors see it, kept in `trees` so that they
 * need not build it again.
 */
function walkTrace(
  spans: readonly Span[],
  trace: TraceMembers,
  times: ExactTimes,
  out: { parent: Int32Array; critical: Float64Array; self: Float64Array },
  trees: TraceTrees,
  scratch: TreeScratch,
): void {
  const { members, offset, t } = trace;
  const n = members.length;
  let baseSec = Infinity;
  let baseNsec = Infinity;
  for (let k = 0; k < n; k++) {
    const i = members[k]!;
    const sec = times.startSec[i]!;
    if (sec < baseSec || (sec === baseSec && times.startNsec[i]! < baseNsec)) {
      baseSec = sec;
      baseNsec = times.startNsec[i]!;
    }
  }
  const { startNs, endNs } = trees;
  scratch.ensure(n);
  for (let k = 0; k < n; k++) {
    const i = members[k]!;
    const s = spans[i]!;
    const from = (times.startSec[i]! - baseSec) * 1e9 + (times.startNsec[i]! - baseNsec);
    startNs[offset + k] = from;
    endNs[offset + k] = Math.max(from, (times.endSec[i]! - baseSec) * 1e9 + (times.endNsec[i]! - baseNsec));
    scratch.kinds[k] = kindIndex(s.kind);
    scratch.followsFrom[k] = s.links.length > 0 && isFollowsFrom(s) ? 1 : 0;
  }
  buildTraceTree(spans, trace, trees, scratch);
  const { parent, childOffsets, children, criticalNs } = trees;
  const base = offset + t;
  for (let k = 0; k < n; k++) {
    // Children are in start order, so their union is one sweep.
    let covered = 0;
    const from = startNs[offset + k]!;
    const to = endNs[offset + k]!;
    let reach = from;
    for (let c = childOffsets[base + k]!; c < childOffsets[base + k + 1]!; c++) {
      const child = offset + children[offset + c]!;
      const childFrom = Math.max(startNs[child]!, reach);
      const childTo = Math.min(endNs[child]!, to);
      if (childTo > childFrom) covered += childTo - childFrom;
      reach = Math.max(reach, Math.min(endNs[child]!, to));
    }
    const i = members[k]!;
    out.self[i] = (to - from - covered) / 1e6;
    const p = parent[offset + k]!;
    out.parent[i] = p === -1 ? -1 : members[p]!;
    out.critical[i] = criticalNs[offset + k]! / 1e6;
  }
}

/**
 * Epoch ms of a decimal ns string, to well under a microsecond. Splitting keeps each part short: converting all 19
 * digits at once takes V8's slow exact path and dominated the analysis.
 */
export function msOf(ns: string): number {
  const n = ns.length;
  if (n <= 6 || n > 21) return n <= 6 ? Number(ns) / 1e6 : Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
  // Read from the characters: no substrings to make and collect, a million times per window.
  let whole = 0;
  let fraction = 0;
  for (let i = 0; i < n; i++) {
    const digit = ns.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
    if (i < n - 6) whole = whole * 10 + digit;
    else fraction = fraction * 10 + digit;
  }
  return whole + fraction / 1e6;
}

export function spanKey(span: Pick<Span, 'service' | 'name'>): string {
  return `${span.service}\u0000${span.name}`;
}

export function splitKey(key: string): { service: string; operation: string } {
  const at = key.indexOf('\u0000');
  return { service: key.slice(0, at), operation: key.slice(at + 1) };
}

/** The spans under `top` in its trace, `top` included (parents always resolve inside the same trace). */
export function subtree(set: SpanSet, top: number): number[] {
  const members = set.traces[set.trace[top]!]!.spans;
  if (set.parent[top] === -1 && set.traces[set.trace[top]!]!.root === top) return Array.from(members);
  const inside = new Set<number>([top]);
  const out = [top];
  // Members are in arrival order, not tree order: repeat until no span joins (depth passes, small traces).
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of members) {
      if (!inside.has(i) && inside.has(set.parent[i]!)) {
        inside.add(i);
        out.push(i);
        changed = true;
      }
    }
  }
  return out;
}
