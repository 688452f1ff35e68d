import type { GraphEdge, GraphNode, GraphNodeType, ServiceGraph } from './api-types.js';
import { SERVER, ownEdges, parentEdge, type GraphLookup, type RuleSpan, type SpanEdge } from './service-graph-rules.js';

/** The few fields of a span the service graph needs. */
export interface GraphSpan extends RuleSpan {
  isError: boolean;
  durationNs: number;
  links: { traceId: string; spanId: string }[];
}

/** Told of every span counted on an edge, so "which spans make this edge" follows exactly the rules above. */
export type EdgeSpanVisitor = (source: string, target: string, mode: 'sync' | 'async', span: GraphSpan, leaf: SpanEdge['leaf']) => void;

interface EdgeTally {
  source: string;
  target: string;
  mode: 'sync' | 'async';
  durations: number[];
  errors: number;
}

/**
 * Builds the service dependency graph of a set of spans, by the rules of service-graph-rules.ts, parents and links
 * looked up among the spans given, then `elsewhere` (the cache, when the spans are part of it). Edge latency is the
 * callee-side span duration (the server span, or the client span for leaves).
 */
export function buildServiceGraph(spans: Iterable<GraphSpan>, onEdgeSpan?: EdgeSpanVisitor, elsewhere?: GraphLookup): ServiceGraph {
  const list = [...spans];
  const byId = new Map<string, GraphSpan>();
  for (const span of list) {
    const key = `${span.traceId}/${span.spanId}`;
    const existing = byId.get(key);
    // Zipkin's shared RPC spans reuse one id for both halves; the server half is the parent the server's children see.
    if (existing === undefined || (span.kind === SERVER && existing.kind !== SERVER)) byId.set(key, span);
  }
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, EdgeTally>();
  const callsOut = new Set<string>();
  const lookup: GraphLookup = {
    parent: (traceId, spanId) => byId.get(`${traceId}/${spanId}`) ?? elsewhere?.parent(traceId, spanId),
    callsOut: (traceId, spanId) => callsOut.has(`${traceId}/${spanId}`) || elsewhere?.callsOut(traceId, spanId) === true,
    linked: (traceId, spanId) => byId.get(`${traceId}/${spanId}`) ?? elsewhere?.linked(traceId, spanId),
  };

  const node = (id: string, type: GraphNodeType, system: string | null): GraphNode => {
    let found = nodes.get(id);
    if (found === undefined) {
      found = { id, type, system, spanCount: 0, errorCount: 0 };
      nodes.set(id, found);
    }
    return found;
  };
  const edge = ({ source, target, mode, leaf }: SpanEdge, span: GraphSpan): void => {
    if (leaf !== null) countLeaf(node(leaf.id, nodes.get(leaf.id)?.type ?? leaf.type, leaf.system), leaf.type, 1, span.isError ? 1 : 0);
    const key = `${source}\u0000${target}\u0000${mode}`;
    let tally = edges.get(key);
    if (tally === undefined) {
      tally = { source, target, mode, durations: [], errors: 0 };
      edges.set(key, tally);
    }
    tally.durations.push(span.durationNs);
    if (span.isError) tally.errors++;
    onEdgeSpan?.(source, target, mode, span, leaf);
  };

  for (const span of list) {
    const service = node(span.service, 'service', null);
    service.spanCount++;
    if (span.isError) service.errorCount++;
    if (span.parentId === null) continue;
    const parent = lookup.parent(span.traceId, span.parentId);
    if (parent !== undefined && parent.service !== span.service) callsOut.add(`${span.traceId}/${span.parentId}`);
    const call = parentEdge(span, parent);
    if (call !== null) edge(call, span);
  }
  for (const span of list) ownEdges(span, lookup, (call) => edge(call, span));

  return { nodes: [...nodes.values()], edges: [...edges.values()].map(summarise) };
}

/**
 * A leaf node counts the spans that reach it: every producer and consumer of a queue, a database's calls and their
 * errors, an external peer's calls (unless a service of that name has spans: it is that service's node).
 */
export function countLeaf(leaf: GraphNode, type: GraphNodeType, calls: number, errors: number): void {
  if (type === 'messaging') leaf.spanCount += calls;
  else if (type === 'database') {
    leaf.spanCount += calls;
    leaf.errorCount += errors;
  } else if (type === 'external' && leaf.type === 'external') leaf.spanCount += calls;
}

function summarise(tally: EdgeTally): GraphEdge {
  const sorted = Float64Array.from(tally.durations).sort();
  return {
    source: tally.source,
    target: tally.target,
    mode: tally.mode,
    callCount: sorted.length,
    errorCount: tally.errors,
    p50Ns: percentile(sorted, 0.5),
    p95Ns: percentile(sorted, 0.95),
    p99Ns: percentile(sorted, 0.99),
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
