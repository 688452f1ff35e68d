import type { GraphEdge, GraphNode, GraphNodeType, ServiceGraph } from './api-types.js';

/** The few fields of a span the service graph needs. */
export interface GraphSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  service: string;
  /** OTLP numbering (2 server, 3 client, 4 producer, 5 consumer). */
  kind: number;
  isError: boolean;
  durationNs: number;
  dbSystem: string | null;
  dbName: string | null;
  messagingSystem: string | null;
  destination: string | null;
  peerService: string | null;
  links: { traceId: string; spanId: string }[];
}

/** Told of every span counted on an edge, so "which spans make this edge" follows exactly the rules above. */
export type EdgeSpanVisitor = (source: string, target: string, mode: 'sync' | 'async', span: GraphSpan) => void;

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface EdgeTally {
  source: string;
  target: string;
  mode: 'sync' | 'async';
  durations: number[];
  errors: number;
}

/**
 * Builds the service dependency graph of a set of spans:
 * - a child span in another service than its parent is a call parent → child (asynchronous when it is a consumer
 *   or its parent a producer);
 * - client spans with db.system lead to a database node, producer/consumer spans with messaging.system to a queue
 *   node (producer → topic → consumer), client spans with only peer.service to an external node;
 * - a span link from a consumer to a producer in another trace is an asynchronous edge when no queue node says so.
 * Edge latency is the callee-side span duration (the server span, or the client span for leaves).
 */
export function buildServiceGraph(spans: Iterable<GraphSpan>, onEdgeSpan?: EdgeSpanVisitor): ServiceGraph {
  const list = [...spans];
  const byId = new Map<string, GraphSpan>();
  for (const span of list) {
    const key = `${span.traceId}/${span.spanId}`;
    const existing = byId.get(key);
    // Zipkin's shared RPC spans reuse one id for both halves; the client half is the parent the server's children see.
    if (existing === undefined || span.kind === SERVER) byId.set(key, span);
  }
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, EdgeTally>();
  const callsOut = new Set<GraphSpan>();

  const node = (id: string, type: GraphNodeType, system: string | null): GraphNode => {
    let found = nodes.get(id);
    if (found === undefined) {
      found = { id, type, system, spanCount: 0, errorCount: 0 };
      nodes.set(id, found);
    }
    return found;
  };
  const edge = (source: string, target: string, mode: 'sync' | 'async', span: GraphSpan): void => {
    const key = `${source}\u0000${target}\u0000${mode}`;
    let tally = edges.get(key);
    if (tally === undefined) {
      tally = { source, target, mode, durations: [], errors: 0 };
      edges.set(key, tally);
    }
    tally.durations.push(span.durationNs);
    if (span.isError) tally.errors++;
    onEdgeSpan?.(source, target, mode, span);
  };

  for (const span of list) {
    const service = node(span.service, 'service', null);
    service.spanCount++;
    if (span.isError) service.errorCount++;
    if (span.parentId === null) continue;
    const parent = byId.get(`${span.traceId}/${span.parentId}`);
    if (parent === undefined || parent.service === span.service) continue;
    callsOut.add(parent);
    const async = span.kind === CONSUMER || parent.kind === PRODUCER;
    if (async && span.messagingSystem !== null) continue; // drawn through the queue node below
    edge(parent.service, span.service, async ? 'async' : 'sync', span);
  }

  for (const span of list) {
    if (span.messagingSystem !== null && (span.kind === PRODUCER || span.kind === CONSUMER)) {
      const topic = span.destination ?? span.messagingSystem;
      const queue = node(topic, 'messaging', span.messagingSystem);
      queue.spanCount++;
      if (span.kind === PRODUCER) edge(span.service, topic, 'async', span);
      else edge(topic, span.service, 'async', span);
    } else if (span.dbSystem !== null && span.kind !== SERVER) {
      const id = span.peerService ?? span.dbName ?? span.dbSystem;
      const db = node(id, 'database', span.dbSystem);
      db.spanCount++;
      if (span.isError) db.errorCount++;
      edge(span.service, id, 'sync', span);
    } else if (span.kind === CLIENT && span.peerService !== null && !callsOut.has(span) && span.peerService !== span.service) {
      const external = node(span.peerService, nodes.get(span.peerService)?.type ?? 'external', null);
      if (external.type === 'external') external.spanCount++;
      edge(span.service, span.peerService, 'sync', span);
    } else if (span.kind === CONSUMER && span.links.length > 0) {
      for (const link of span.links) {
        // A link to its own parent (a FOLLOWS_FROM kept as a link) is the parent edge drawn above.
        if (link.traceId === span.traceId && link.spanId === span.parentId) continue;
        const producer = byId.get(`${link.traceId}/${link.spanId}`);
        if (producer !== undefined && producer.service !== span.service) edge(producer.service, span.service, 'async', span);
      }
    }
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()].map(summarise) };
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
