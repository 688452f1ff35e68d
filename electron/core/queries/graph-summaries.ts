import type { GraphEdge, GraphNode, GraphNodeType, ServiceGraph } from '../../../shared/api-types.js';
import { addBucket, addEncodedBuckets, bucketOf, bucketPercentiles, type LatencyBuckets } from '../../../shared/latency-buckets.js';
import { buildServiceGraph, countLeaf, type GraphSpan } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import type { ArrivedGraph, ServiceSpanMinute } from '../ingest/arrived-graph.js';
import { leafOf, type EdgeLeaf } from '../ingest/edge-tally.js';
import { MINUTE_NS, windowMinutes, type MinuteRange } from '../ingest/service-minutes.js';
import { GRAPH_SPAN_COLUMNS, cacheGraphLookup, toGraphSpan } from './graph-spans.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';
import { listServices } from './services.js';

/**
 * 'ready' when edge_minutes holds every cached span's calls; 'pending' when they are still to be counted (a cache from
 * before migration 20 until its next open, a casefile until its reader counts them); 'absent' in a file without the
 * table (a casefile saved before it).
 */
export function edgeSummaries(db: Db): 'ready' | 'pending' | 'absent' {
  if (db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'edge_minutes_state'").get() === undefined) return 'absent';
  return db.prepare('SELECT ready FROM main.edge_minutes_state').pluck().get() === 1 ? 'ready' : 'pending';
}

export function edgeSummariesReady(db: Db): boolean {
  return edgeSummaries(db) === 'ready';
}

interface EdgeSum {
  source: string;
  target: string;
  mode: 'sync' | 'async';
  calls: number;
  errors: number;
  latency: LatencyBuckets;
}

interface LeafSum {
  id: string;
  type: Exclude<GraphNodeType, 'service'>;
  system: string | null;
  calls: number;
  errors: number;
}

/**
 * The service graph of the spans starting in a window, from the writer's summaries: whole minutes from edge_minutes
 * (minutes × edges rows, whatever the number of spans), the ragged minutes at the window's edges from their rows
 * by the same rules, parents and links looked up in the cache. Services and their counts come from service_minutes.
 * Latency percentiles are read from log buckets: within 2% of a counted duration.
 */
export function summaryGraph(db: Db, window: { startNs?: string; endNs?: string }, firstPaint = false, arrived: ArrivedGraph | null = null): ServiceGraph {
  const start = nsBound(window.startNs, MIN_NS);
  const end = nsBound(window.endNs, MAX_NS);
  const exact = windowMinutes(start, end, MAX_NS);
  // A first paint rounds ragged edges out to their whole minutes rather than count their rows (seconds at 10M spans).
  const { whole, ragged } = firstPaint && exact.ragged.length > 0 ? { whole: roundedOut(start, end), ragged: [] } : exact;
  const edges = new Map<string, EdgeSum>();
  const leaves = new Map<string, LeafSum>();
  const add = (source: string, target: string, mode: 'sync' | 'async', leaf: EdgeLeaf, system: string | null, calls: number, errors: number) => {
    const key = `${source}\u0000${target}\u0000${mode}`;
    let sum = edges.get(key);
    if (sum === undefined) {
      sum = { source, target, mode, calls: 0, errors: 0, latency: new Map() };
      edges.set(key, sum);
    }
    sum.calls += calls;
    sum.errors += errors;
    if (leaf !== '') {
      const id = leaf === 'consumer' ? source : target;
      const type = leaf === 'producer' || leaf === 'consumer' ? 'messaging' : leaf;
      const known = leaves.get(`${type}\u0000${id}`) ?? { id, type, system, calls: 0, errors: 0 };
      known.calls += calls;
      known.errors += errors;
      leaves.set(`${type}\u0000${id}`, known);
    }
    return sum;
  };
  if (whole !== null) {
    const rows = db
      .prepare('SELECT source, target, mode, leaf, leaf_system, calls, errors, latency FROM edge_minutes WHERE minute BETWEEN ? AND ?')
      .raw(true)
      .all(whole.first, whole.last) as [string, string, 'sync' | 'async', EdgeLeaf, string | null, number, number, Uint8Array][];
    for (const [source, target, mode, leaf, system, calls, errors, latency] of rows) {
      addEncodedBuckets(add(source, target, mode, leaf, system, calls, errors).latency, latency);
    }
    // A running import's or pull's rows are not committed: its writer's tallies stand in for them (whole minutes only).
    for (const [minute, source, target, mode, leaf, system, calls, errors, latency] of arrived?.edges ?? []) {
      if (inRange(minute, whole)) addEncodedBuckets(add(source, target, mode, leaf, system, calls, errors).latency, latency);
    }
  }
  for (const [from, to] of ragged) {
    const spans = (db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE start_ns BETWEEN ? AND ?`).raw(true).all(from, to) as unknown[][]).map(toGraphSpan);
    buildServiceGraph(
      spans,
      (source, target, mode, span: GraphSpan, leaf) =>
        addBucket(add(source, target, mode, leafOf({ source, target, mode, leaf }), leaf?.system ?? null, 1, span.isError ? 1 : 0).latency, bucketOf(span.durationNs)),
      cacheGraphLookup(db),
    );
  }
  const arrivedServices = (arrived?.services ?? []).filter(([, minute]) => inRange(minute, whole));
  const arriving = arrived === null ? {} : { arriving: { spans: arrived.spans, from: arrived.from ?? 'import' } };
  if (ragged.length === 0 && exact.ragged.length > 0 && whole !== null) {
    const counted = { startNs: (whole.first * MINUTE_NS).toString(), endNs: (end === MAX_NS ? MAX_NS : (whole.last + 1n) * MINUTE_NS - 1n).toString() };
    return { nodes: graphNodes(db, counted, leaves, arrivedServices), edges: [...edges.values()].map(toGraphEdge), counted, ...arriving };
  }
  return { nodes: graphNodes(db, window, leaves, arrivedServices), edges: [...edges.values()].map(toGraphEdge), ...arriving };
}

function inRange(minute: number, range: MinuteRange | null): boolean {
  return range !== null && BigInt(minute) >= range.first && BigInt(minute) <= range.last;
}

/** The whole minutes holding [start, end]. */
function roundedOut(start: bigint, end: bigint): MinuteRange | null {
  return start > end ? null : { first: start / MINUTE_NS, last: end / MINUTE_NS };
}

/**
 * Services with spans in the window (and those a running import or pull has stored in it), then the leaves their calls reach
 * (a leaf named like a service counts on it).
 */
function graphNodes(db: Db, window: { startNs?: string; endNs?: string }, leaves: Map<string, LeafSum>, arrived: readonly ServiceSpanMinute[]): GraphNode[] {
  const nodes = new Map<string, GraphNode>();
  for (const s of listServices(db, window)) {
    if (s.spanCount > 0) nodes.set(s.name, { id: s.name, type: 'service', system: null, spanCount: s.spanCount, errorCount: s.errorCount });
  }
  for (const [service, , spans, errors] of arrived) {
    const node = nodes.get(service) ?? { id: service, type: 'service', system: null, spanCount: 0, errorCount: 0 };
    node.spanCount += spans;
    node.errorCount += errors;
    nodes.set(service, node);
  }
  for (const leaf of leaves.values()) {
    let node = nodes.get(leaf.id);
    if (node === undefined) {
      node = { id: leaf.id, type: leaf.type, system: leaf.system, spanCount: 0, errorCount: 0 };
      nodes.set(leaf.id, node);
    }
    countLeaf(node, leaf.type, leaf.calls, leaf.errors);
  }
  return [...nodes.values()];
}

function toGraphEdge(sum: EdgeSum): GraphEdge {
  const [p50Ns, p95Ns, p99Ns] = bucketPercentiles(sum.latency, [0.5, 0.95, 0.99]) as [number, number, number];
  return { source: sum.source, target: sum.target, mode: sum.mode, callCount: sum.calls, errorCount: sum.errors, p50Ns, p95Ns, p99Ns };
}
