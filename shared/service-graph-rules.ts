import type { GraphNodeType } from './api-types.js';

/** OTLP span kinds the graph's rules look at. */
export const SERVER = 2;
export const CLIENT = 3;
export const PRODUCER = 4;
export const CONSUMER = 5;

/** The fields of a span the rules read from the span itself. */
export interface RuleSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  service: string;
  kind: number;
  dbSystem: string | null;
  dbName: string | null;
  messagingSystem: string | null;
  destination: string | null;
  peerService: string | null;
  links: readonly { traceId: string; spanId: string }[];
}

/** Another span the rules look up: a parent, or the span a link names. */
export interface EdgeEnd {
  service: string;
  kind: number;
}

/** Where the rules look beyond the span itself (in memory for a list of spans, in the cache for its summaries). */
export interface GraphLookup {
  /** The span a span names as its parent in its trace; of two sharing the id, the first server half (Zipkin's shared RPC spans). */
  parent(traceId: string, spanId: string): EdgeEnd | undefined;
  /** Whether some span in another service has this id as its parent (then a client span is a call out, not an external leaf). */
  callsOut(traceId: string, spanId: string): boolean;
  /** The span a link names, in any trace. */
  linked(traceId: string, spanId: string): EdgeEnd | undefined;
}

/** One counted call: the span it is counted on is the callee side (or the caller, for leaves). */
export interface SpanEdge {
  source: string;
  target: string;
  mode: 'sync' | 'async';
  /** The node type the edge's far end takes (a topic is the source of a consumer's edge). */
  leaf: { id: string; type: GraphNodeType; system: string | null } | null;
}

/**
 * The edge a span's parent makes: a child in another service than its parent is a call parent → child, asynchronous
 * when it is a consumer or its parent a producer; a messaging consumer or producer's child is drawn through its queue
 * node instead (ownEdges). Null when there is none.
 */
export function parentEdge(span: RuleSpan, parent: EdgeEnd | undefined): SpanEdge | null {
  if (parent === undefined || parent.service === span.service) return null;
  const async = span.kind === CONSUMER || parent.kind === PRODUCER;
  if (async && span.messagingSystem !== null) return null;
  return { source: parent.service, target: span.service, mode: async ? 'async' : 'sync', leaf: null };
}

/**
 * The edges a span makes by itself: producer/consumer spans with messaging.system go through a queue node (producer →
 * topic → consumer); client spans with db.system lead to a database node; client spans with only peer.service to an
 * external node, unless a span in another service answered them; a consumer's span link to a producer in another
 * service is an asynchronous edge when no queue says so.
 */
export function ownEdges(span: RuleSpan, lookup: GraphLookup, emit: (edge: SpanEdge) => void): void {
  if (span.messagingSystem !== null && (span.kind === PRODUCER || span.kind === CONSUMER)) {
    const topic = span.destination ?? span.messagingSystem;
    const leaf = { id: topic, type: 'messaging' as const, system: span.messagingSystem };
    if (span.kind === PRODUCER) emit({ source: span.service, target: topic, mode: 'async', leaf });
    else emit({ source: topic, target: span.service, mode: 'async', leaf });
  } else if (span.dbSystem !== null && span.kind !== SERVER) {
    const id = span.peerService ?? span.dbName ?? span.dbSystem;
    emit({ source: span.service, target: id, mode: 'sync', leaf: { id, type: 'database', system: span.dbSystem } });
  } else if (span.kind === CLIENT && span.peerService !== null && span.peerService !== span.service && !lookup.callsOut(span.traceId, span.spanId)) {
    emit({ source: span.service, target: span.peerService, mode: 'sync', leaf: { id: span.peerService, type: 'external', system: null } });
  } else if (span.kind === CONSUMER && span.links.length > 0) {
    for (const link of span.links) {
      // A link to its own parent (a FOLLOWS_FROM kept as a link) is the parent edge.
      if (link.traceId === span.traceId && link.spanId === span.parentId) continue;
      const producer = lookup.linked(link.traceId, link.spanId);
      if (producer !== undefined && producer.service !== span.service) emit({ source: producer.service, target: span.service, mode: 'async', leaf: null });
    }
  }
}

/** Whether a span can make an edge of its own (ownEdges), so a writer need only keep those. */
export function mayHaveOwnEdges(span: Pick<RuleSpan, 'kind' | 'messagingSystem' | 'dbSystem' | 'peerService' | 'links'>): boolean {
  return (
    span.messagingSystem !== null ||
    span.dbSystem !== null ||
    (span.kind === CLIENT && span.peerService !== null) ||
    (span.kind === CONSUMER && span.links.length > 0)
  );
}

/**
 * Whether a span's own edges depend on other spans (an external peer unless another service answered it, a link's
 * producer): a queue's or a database's edge is known from the span alone, so a writer counts it at once.
 */
export function ownEdgesLookFurther(span: Pick<RuleSpan, 'kind' | 'messagingSystem' | 'dbSystem' | 'peerService' | 'links'>): boolean {
  if (span.messagingSystem !== null && (span.kind === PRODUCER || span.kind === CONSUMER)) return false;
  if (span.dbSystem !== null && span.kind !== SERVER) return false;
  return (span.kind === CLIENT && span.peerService !== null) || (span.kind === CONSUMER && span.links.length > 0);
}
