import { bucketOf } from '../../../shared/latency-buckets.js';
import { CONSUMER, mayHaveOwnEdges, ownEdges, ownEdgesLookFurther, parentEdge, type GraphLookup, type RuleSpan } from '../../../shared/service-graph-rules.js';
import { buildServiceGraph, type GraphSpan } from '../../../shared/service-graph.js';
import type { SpanLink } from '../../../shared/model.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { GRAPH_SPAN_COLUMNS, cacheGraphLookup, toGraphSpan, type TimedGraphSpan } from '../queries/graph-spans.js';
import type { EdgeMinuteRow } from './arrived-graph.js';
import { EdgeTally } from './edge-tally.js';
import type { GraphAttributes, SpanRow } from './row-encoder.js';
import { MINUTE_NS } from './service-minutes.js';
import { PendingChildren, SpanKeyTable, SpanKeys, TABLE_MAX_SERVICES } from './span-key-table.js';
import type { TraceSkeletons } from './trace-skeletons.js';

const NO_ATTRIBUTES: GraphAttributes = [null, null, null, null, null];

/** For edges known from the span alone (ownEdgesLookFurther false): never asked. */
const NO_LOOKUP: GraphLookup = {
  parent: () => undefined,
  linked: () => undefined,
  callsOut: () => false,
};

/** A span that may make edges of its own (a queue, a database, an external peer, a link), kept to the flush. */
interface OwnSpan {
  span: RuleSpan;
  minute: number;
  isError: boolean;
  bucket: number;
}

/**
 * Keeps edge_minutes (the service graph's summaries) equal to what the graph's rules draw from every cached span,
 * write by write, inside the writer's transaction:
 * - spans of traces new to the cache are resolved in memory at flush (a child often arrives before its parent), in
 *   flat arrays rather than objects, so a trace of millions of spans costs tens of MB;
 * - a trace the cache already had is counted again from its rows, before and after the write, and the difference
 *   added; the receiver, which gets most traces in several requests, keeps their skeletons instead (TraceSkeletons);
 * - a cached consumer whose span link names a span this write brought gains that edge.
 */
export class EdgeMinutes {
  private tally = new EdgeTally();
  /**
   * A server half took the key of a span a child had already been resolved against (Zipkin's shared RPC spans, client
   * half first), or the write named more services than the table keeps: its new traces are counted from their rows
   * at flush instead.
   */
  private recountNew = false;
  private table: SpanKeyTable | null = null;
  private pending = new PendingChildren();
  private own: OwnSpan[] = [];
  /** Client spans naming a peer.service, 7 numbers each (key hi, lo, service, peer, minute, bucket, error): an external leaf unless another service answered them. */
  private peers: number[] = [];
  private peerNames: string[] = [];
  private peerIds = new Map<string, number>();
  private services: string[] = [];
  private serviceIds = new Map<string, number>();
  private readonly knownTraces = new Set<string>();
  private readonly touchedTraces = new Set<string>();
  private readonly key = new Uint32Array(2);
  private readonly keys = new SpanKeys();
  private rowidBefore: number;
  private traceRows: Statement | null = null;

  /**
   * `expectedSpans`: how many spans the write will likely bring (a file's size tells), to size its table once.
   * `skeletons`: kept by a writer that adds to the same traces write after write (the receiver), so a cached trace's
   * new spans are counted without reading the trace again.
   */
  constructor(
    private readonly db: Db,
    private readonly expectedSpans = 0,
    private readonly skeletons: TraceSkeletons | null = null,
  ) {
    this.rowidBefore = maxRowid(db);
  }

  /** The write's table, made at its first span (a file of logs needs none). */
  private get spans(): SpanKeyTable {
    return (this.table ??= new SpanKeyTable(this.expectedSpans));
  }

  /** A span the write stored, with its links (parsed once by the writer); `known`: its trace was cached before this write. */
  span(row: SpanRow, graph: GraphAttributes | null, spanLinks: readonly SpanLink[] | null, known: boolean): void {
    const traceId = row[0];
    this.touchedTraces.add(traceId);
    if (known) {
      this.knownTraces.add(traceId);
      return;
    }
    const [, spanId, kind, parentId, service, , startNs, endNs, statusCode] = row;
    let serviceId = this.serviceIds.get(service);
    if (serviceId === undefined) {
      serviceId = this.services.push(service) - 1;
      this.serviceIds.set(service, serviceId);
      if (serviceId >= TABLE_MAX_SERVICES) this.recountNew = true;
    }
    if (this.recountNew) return;
    this.keys.key(traceId, spanId, this.key);
    const table = this.spans;
    if (table.put(this.key, serviceId, kind) === 'replaced' && table.resolvedAt(table.slot)) this.recountNew = true;
    if (this.recountNew) return;
    const [hi, lo] = this.key;
    const minute = Number(startNs / MINUTE_NS);
    const bucket = bucketOf(Number(endNs - startNs));
    const isError = statusCode === 2;
    const messaging = graph !== null && graph[2] !== null;
    if (parentId !== null) {
      // Resolved at once when the parent is here (a trace's spans mostly come parent first); else at flush.
      this.keys.key(traceId, parentId, this.key);
      const slot = table.find(this.key[0]!, this.key[1]!);
      if (slot >= 0) this.resolve(slot, serviceId, kind, minute, bucket, isError, messaging);
      else this.pending.push(this.key, serviceId, minute, bucket, kind, isError, messaging);
    }
    const linking = kind === CONSUMER && spanLinks !== null;
    if (graph === null && !linking) return;
    const [dbSystem, dbName, messagingSystem, destination, peerService] = graph ?? NO_ATTRIBUTES;
    const links = linking ? spanLinks!.map((l) => ({ traceId: l.traceId, spanId: l.spanId })) : [];
    const span: RuleSpan = { traceId, spanId, parentId, service, kind, dbSystem, dbName, messagingSystem, destination, peerService, links };
    if (!mayHaveOwnEdges(span)) return;
    // Queues and databases are counted now; only peers and links wait for the write's other spans (and in few bytes).
    if (!ownEdgesLookFurther(span)) ownEdges(span, NO_LOOKUP, (edge) => this.tally.add(minute, edge, isError, bucket));
    else if (links.length > 0) this.own.push({ span, minute, isError, bucket });
    else this.peers.push(hi!, lo!, serviceId, this.peerId(peerService!), minute, bucket, isError ? 1 : 0);
  }

  private peerId(peer: string): number {
    let id = this.peerIds.get(peer);
    if (id === undefined) {
      id = this.peerNames.push(peer) - 1;
      this.peerIds.set(peer, id);
    }
    return id;
  }

  /** The edges counted so far, before the flush resolves the rest (see ArrivedGraph). */
  arrivedRows(): EdgeMinuteRow[] {
    return this.tally.rows();
  }

  flush(): void {
    this.resolveNewTraces();
    const recount = this.skeletons?.count(this.db, this.knownTraces, this.rowidBefore, this.tally) ?? this.knownTraces;
    for (const traceId of recount) this.recountTrace(traceId, true);
    this.gainLinks();
    this.tally.flush(this.db);
    this.table = null;
    this.pending = new PendingChildren();
    this.own = [];
    this.peers = [];
    this.peerNames = [];
    this.peerIds = new Map();
    this.services = [];
    this.serviceIds = new Map();
    this.knownTraces.clear();
    this.touchedTraces.clear();
    this.recountNew = false;
    this.rowidBefore = maxRowid(this.db);
  }

  /** A child's call from its parent, counted on the child; the parent is then known to be answered by another service. */
  private resolve(slot: number, serviceId: number, kind: number, minute: number, bucket: number, isError: boolean, messaging: boolean): void {
    const { spans: table, services } = this;
    table.markResolved(slot);
    const service = services[serviceId]!;
    const parent = { service: services[table.serviceAt(slot)]!, kind: table.kindAt(slot) };
    if (parent.service === service) return;
    table.markCalledOut(slot);
    const edge = parentEdge({ service, kind, messagingSystem: messaging ? '' : null } as RuleSpan, parent);
    if (edge !== null) this.tally.add(minute, edge, isError, bucket);
  }

  /** Pending parents first (they also say which client spans were answered by another service), then each span's own edges. */
  private resolveNewTraces(): void {
    const { spans: table, services, tally } = this;
    if (this.recountNew) {
      this.tally = new EdgeTally();
      for (const traceId of this.touchedTraces) if (!this.knownTraces.has(traceId)) this.recountTrace(traceId, false);
      return;
    }
    this.pending.each((child) => {
      const slot = table.find(child.parentHi, child.parentLo);
      if (slot >= 0) this.resolve(slot, child.service, child.kind, child.minute, child.bucket, child.isError, child.messaging);
    });
    const cache = cacheGraphLookup(this.db);
    const key = this.key;
    const inWrite = (traceId: string, spanId: string) => {
      this.keys.key(traceId, spanId, key);
      const slot = table.find(key[0]!, key[1]!);
      return slot < 0 ? undefined : { service: services[table.serviceAt(slot)]!, kind: table.kindAt(slot), slot };
    };
    const lookup: GraphLookup = {
      parent: () => undefined,
      callsOut: (traceId, spanId) => {
        const found = inWrite(traceId, spanId);
        return found !== undefined && table.calledOutAt(found.slot);
      },
      linked: (traceId, spanId) => inWrite(traceId, spanId) ?? cache.linked(traceId, spanId),
    };
    for (const { span, minute, isError, bucket } of this.own) ownEdges(span, lookup, (edge) => tally.add(minute, edge, isError, bucket));
    const { peers, peerNames } = this;
    for (let i = 0; i < peers.length; i += 7) {
      const slot = table.find(peers[i]!, peers[i + 1]!);
      const service = services[peers[i + 2]!]!;
      const peer = peerNames[peers[i + 3]!]!;
      if (peer === service || (slot >= 0 && table.calledOutAt(slot))) continue;
      tally.add(peers[i + 4]!, { source: service, target: peer, mode: 'sync', leaf: { id: peer, type: 'external', system: null } }, peers[i + 6] === 1, peers[i + 5]!);
    }
  }

  /** A trace counted from its rows after the write, less (when the cache had it) those before it. */
  private recountTrace(traceId: string, known: boolean): void {
    this.traceRows ??= this.db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS}, rowid FROM spans WHERE trace_id = ?`).raw(true);
    const rows = this.traceRows.all(traceId) as unknown[][];
    this.count(rows.map(toGraphSpan), 1, cacheGraphLookup(this.db));
    if (!known) return;
    const before = rows.filter((row) => Number(row[14]) <= this.rowidBefore).map(toGraphSpan);
    this.count(before, -1, cacheGraphLookup(this.db, this.rowidBefore));
  }

  /** Cached consumers (not in a trace recounted above) linking to spans this write stored: their link edges now. */
  private gainLinks(): void {
    const linking = this.db.prepare('SELECT DISTINCT trace_id, span_id FROM span_links WHERE linked_trace_id = ?').raw(true);
    const consumers = this.db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE trace_id = ? AND span_id = ? AND kind = 5 AND rowid <= ?`).raw(true);
    const found = new Map<string, TimedGraphSpan[]>();
    for (const traceId of this.touchedTraces) {
      for (const [consumerTrace, consumerSpan] of linking.all(traceId) as [string, string][]) {
        const id = `${consumerTrace}/${consumerSpan}`;
        if (this.touchedTraces.has(consumerTrace) || found.has(id)) continue;
        found.set(id, (consumers.all(consumerTrace, consumerSpan, this.rowidBefore) as unknown[][]).map(toGraphSpan));
      }
    }
    if (found.size === 0) return;
    const now = cacheGraphLookup(this.db);
    const then = cacheGraphLookup(this.db, this.rowidBefore);
    for (const span of [...found.values()].flat()) {
      for (const [lookup, sign] of [[now, 1], [then, -1]] as const) {
        ownEdges(span, lookup, (edge) => this.tally.add(span.minute, edge, span.isError, bucketOf(span.durationNs), sign));
      }
    }
  }

  private count(spans: TimedGraphSpan[], sign: 1 | -1, elsewhere: GraphLookup): void {
    // Parents are in the trace itself; links may name any cached span.
    const lookup: GraphLookup = { parent: () => undefined, callsOut: () => false, linked: elsewhere.linked };
    buildServiceGraph(
      spans,
      (source, target, mode, span: GraphSpan, leaf) =>
        this.tally.add((span as TimedGraphSpan).minute, { source, target, mode, leaf }, span.isError, bucketOf(span.durationNs), sign),
      lookup,
    );
  }
}

function maxRowid(db: Db): number {
  return Number(db.prepare('SELECT coalesce(max(rowid), 0) FROM spans').pluck().get());
}
