import { SPAN_KINDS, type Span, type SpanKind } from '../model.js';

/**
 * A trace's spans as columns. Times are nanoseconds relative to the trace's earliest start, as doubles: offsets
 * inside one trace are far below 2^53 ns (104 days), so they are exact, and typed arrays keep a 1M-span trace
 * to a few tens of MB. The cache can fill these straight from SQLite without building Span objects.
 */
export interface SpanColumns {
  readonly count: number;
  readonly spanIds: readonly string[];
  readonly parentIds: readonly (string | null)[];
  /** Index into SPAN_KINDS. */
  readonly kinds: Uint8Array;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** 1 where the span merely follows its parent (Jaeger FOLLOWS_FROM): the parent does not wait for it. */
  readonly followsFrom?: Uint8Array;
  /** Which machine's clock produced the span (host.name, else the service): clock-skew works per host. */
  readonly hosts?: readonly string[];
}

export const ORPHAN_NONE = 0;
/** The span names a parent that is not in the trace (partial trace, or spans still arriving). */
export const ORPHAN_MISSING_PARENT = 1;
/** The span's parent chain loops back on itself (malformed input); it is cut here so every span is shown. */
export const ORPHAN_CYCLE = 2;

export interface SpanTree {
  readonly columns: SpanColumns;
  /** A key per span, unique in the trace: the span id, or `id~kind` (then `~n`) when ids are shared (Zipkin RPCs). */
  readonly keys: readonly string[];
  /** The span with this key, or -1. */
  indexOf(key: string): number;
  /** Parent index, -1 for roots. */
  readonly parent: Int32Array;
  /** Children of span i are children[childOffsets[i] .. childOffsets[i + 1]), sorted by start. */
  readonly childOffsets: Int32Array;
  readonly children: Int32Array;
  /** Roots sorted by start. */
  readonly roots: Int32Array;
  readonly orphan: Uint8Array;
  readonly depth: Int32Array;
  readonly maxDepth: number;
}

const SERVER_SIDE = new Set<number>([SPAN_KINDS.indexOf('server'), SPAN_KINDS.indexOf('consumer')]);
const CALLER_SIDE = new Set<number>([SPAN_KINDS.indexOf('client'), SPAN_KINDS.indexOf('producer')]);

export function kindIndex(kind: SpanKind): number {
  return Math.max(0, SPAN_KINDS.indexOf(kind));
}

/** Builds the tree. O(n) plus one sort when the input is not already in start order. Never recursive. */
export function buildSpanTree(columns: SpanColumns): SpanTree {
  const { count, spanIds, parentIds, starts } = columns;
  // One map of a million strings costs ~0.3 s, so ids are hashed once: repeats go to a small side map.
  const byId = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const id = spanIds[i]!;
    const first = byId.get(id);
    if (first === undefined) byId.set(id, i);
    else {
      const group = repeated.get(id);
      if (group) group.push(i);
      else repeated.set(id, [first, i]);
    }
  }
  const ids: IdIndex = { byId, repeated };
  const keys = spanKeys(columns, repeated);

  const parent = new Int32Array(count).fill(-1);
  const orphan = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    parent[i] = resolveParent(i, columns, ids);
    if (parent[i] === -1 && parentIds[i] !== null) orphan[i] = ORPHAN_MISSING_PARENT;
  }

  const order = startOrder(starts, count);
  const { childOffsets, children } = childLists(parent, order);
  const depth = new Int32Array(count).fill(-1);
  const rootList: number[] = [];
  for (const i of order) if (parent[i] === -1) rootList.push(i);
  let maxDepth = walkDepths(rootList, childOffsets, children, depth);

  // Spans left without a depth sit on a parent cycle: cut each cycle at its earliest span and show it as a root.
  let cut = false;
  for (const i of order) {
    if (depth[i] !== -1) continue;
    cut = true;
    orphan[i] = ORPHAN_CYCLE;
    parent[i] = -1;
    rootList.push(i);
    maxDepth = Math.max(maxDepth, walkDepths([i], childOffsets, children, depth));
  }
  if (cut) {
    // Cutting a parent link leaves a stale entry in that parent's child list: rebuild the lists without it.
    const rebuilt = childLists(parent, order);
    childOffsets.set(rebuilt.childOffsets);
    children.set(rebuilt.children);
    rootList.sort((a, b) => starts[a]! - starts[b]! || a - b);
  }

  const repeatedKeys = new Map<string, number>();
  for (const group of repeated.values()) for (const i of group) repeatedKeys.set(keys[i]!, i);
  return {
    columns,
    keys,
    indexOf: (key) => repeatedKeys.get(key) ?? (repeated.has(key) ? -1 : (byId.get(key) ?? -1)),
    parent,
    childOffsets,
    children: children.subarray(0, childOffsets[count]!),
    roots: Int32Array.from(rootList),
    orphan,
    depth,
    maxDepth,
  };
}

/**
 * The parent's index. Zipkin's shared RPC spans give a client and its server one id (both naming the client's
 * parent): the server half hangs under the client half, and children naming that id belong to the server side,
 * where the work happened.
 */
interface IdIndex {
  /** Id → its first span. */
  byId: Map<string, number>;
  /** Ids shared by several spans → all of them. */
  repeated: Map<string, number[]>;
}

function resolveParent(i: number, columns: SpanColumns, { byId, repeated }: IdIndex): number {
  const { spanIds, parentIds, kinds } = columns;
  // Most traces repeat no id: skip the side map's hash lookups entirely then.
  const own = repeated.size === 0 ? undefined : repeated.get(spanIds[i]!);
  if (own !== undefined && SERVER_SIDE.has(kinds[i]!)) {
    const caller = own.find((j) => j !== i && CALLER_SIDE.has(kinds[j]!));
    if (caller !== undefined) return caller;
  }
  const parentId = parentIds[i];
  if (parentId === null || parentId === undefined) return -1;
  const candidates = repeated.size === 0 ? undefined : repeated.get(parentId);
  if (candidates === undefined) {
    const only = byId.get(parentId);
    return only === undefined || only === i ? -1 : only;
  }
  const others = candidates.filter((j) => j !== i);
  return others.find((j) => SERVER_SIDE.has(kinds[j]!)) ?? others[0] ?? -1;
}

function spanKeys(columns: SpanColumns, repeated: Map<string, number[]>): string[] {
  const keys = columns.spanIds.slice(0, columns.count);
  for (const group of repeated.values()) {
    const used = new Set<string>();
    for (const j of group) {
      const base = `${columns.spanIds[j]}~${SPAN_KINDS[columns.kinds[j]!] ?? 'unspecified'}`;
      let key = base;
      for (let n = 2; used.has(key); n++) key = `${base}~${n}`;
      used.add(key);
      keys[j] = key;
    }
  }
  return keys;
}

/** Indices in start order (ties by input order); the cache already returns spans so, making this one pass. */
function startOrder(starts: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  let sorted = true;
  for (let i = 0; i < count; i++) {
    order[i] = i;
    if (i > 0 && starts[i]! < starts[i - 1]!) sorted = false;
  }
  if (!sorted) order.sort((a, b) => starts[a]! - starts[b]! || a - b);
  return order;
}

/** Compressed child lists, filled in start order so each list comes out sorted. */
function childLists(parent: Int32Array, order: Int32Array): { childOffsets: Int32Array; children: Int32Array } {
  const count = parent.length;
  const childOffsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) if (parent[i]! >= 0) childOffsets[parent[i]! + 1]!++;
  for (let i = 0; i < count; i++) childOffsets[i + 1]! += childOffsets[i]!;
  const fill = childOffsets.slice(0, count);
  const children = new Int32Array(count);
  for (const i of order) {
    const p = parent[i]!;
    if (p >= 0) children[fill[p]!++] = i;
  }
  return { childOffsets, children };
}

function walkDepths(roots: number[], childOffsets: Int32Array, children: Int32Array, depth: Int32Array): number {
  let maxDepth = 0;
  const stack: number[] = [];
  for (const root of roots) {
    if (depth[root] !== -1) continue;
    depth[root] = 0;
    stack.push(root);
    while (stack.length > 0) {
      const node = stack.pop()!;
      const d = depth[node]! + 1;
      for (let c = childOffsets[node]!; c < childOffsets[node + 1]!; c++) {
        const child = children[c]!;
        if (depth[child] !== -1) continue;
        depth[child] = d;
        if (d > maxDepth) maxDepth = d;
        stack.push(child);
      }
    }
  }
  return maxDepth;
}

/** Child indices of one span, in start order. */
export function childrenOf(tree: SpanTree, node: number): Int32Array {
  return tree.children.subarray(tree.childOffsets[node]!, tree.childOffsets[node + 1]!);
}

/** The earliest start as BigInt epoch ns, and the columns relative to it, from API spans. */
export function columnsFromSpans(spans: readonly Span[]): { columns: SpanColumns; traceStartNs: bigint } {
  const count = spans.length;
  let traceStartNs: bigint | null = null;
  for (const span of spans) {
    const start = BigInt(span.startNs);
    if (traceStartNs === null || start < traceStartNs) traceStartNs = start;
  }
  const base = traceStartNs ?? 0n;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const kinds = new Uint8Array(count);
  const followsFrom = new Uint8Array(count);
  const hosts: string[] = [];
  spans.forEach((span, i) => {
    starts[i] = Number(BigInt(span.startNs) - base);
    ends[i] = Math.max(starts[i]!, Number(BigInt(span.endNs) - base));
    kinds[i] = kindIndex(span.kind);
    followsFrom[i] = isFollowsFrom(span) ? 1 : 0;
    hosts.push(hostKey(span.resource, span.service));
  });
  return {
    traceStartNs: base,
    columns: {
      count,
      spanIds: spans.map((s) => s.spanId),
      parentIds: spans.map((s) => s.parentSpanId),
      kinds,
      starts,
      ends,
      followsFrom,
      hosts,
    },
  };
}

/** The clock a span was timed by: its host when the resource names one, else its service. */
export function hostKey(resource: Readonly<Record<string, unknown>>, service: string): string {
  const host = resource['host.name'] ?? resource['host.id'];
  return typeof host === 'string' && host !== '' ? `host:${host}` : `service:${service}`;
}

/**
 * A span that follows from its parent rather than being its child: Jaeger's FOLLOWS_FROM, kept on a link to the
 * parent as `opentracing.ref_type` (the Collector's translator and our Jaeger parser; `jaeger.ref_type` in caches
 * filled before).
 */
export function isFollowsFrom(span: Pick<Span, 'parentSpanId' | 'links'>): boolean {
  if (span.parentSpanId === null) return false;
  return span.links.some((link) => {
    if (link.spanId !== span.parentSpanId) return false;
    const type = link.attributes['jaeger.ref_type'] ?? link.attributes['opentracing.ref_type'];
    return typeof type === 'string' && type.toLowerCase() === 'follows_from';
  });
}
