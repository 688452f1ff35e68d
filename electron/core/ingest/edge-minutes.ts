import { bucketOf } from '../../../shared/latency-buckets.js';
import { CONSUMER, mayHaveOwnEdges, ownEdges, parentEdge, type GraphLookup, type RuleSpan } from '../../../shared/service-graph-rules.js';
import { buildServiceGraph, type GraphSpan } from '../../../shared/service-graph.js';
import type { SpanLink } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { GRAPH_SPAN_COLUMNS, cacheGraphLookup, toGraphSpan, type TimedGraphSpan } from '../queries/graph-spans.js';
import { EdgeTally } from './edge-tally.js';
import type { GraphAttributes, SpanRow } from './row-encoder.js';
import { MINUTE_NS } from './service-minutes.js';
import { PendingChildren, SpanKeyTable, spanKey } from './span-key-table.js';

const NO_ATTRIBUTES: GraphAttributes = [null, null, null, null, null];

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
 *   added (the receiver gets most traces in several requests);
 * - a cached consumer whose span link names a span this write brought gains that edge.
 */
export class EdgeMinutes {
  private readonly tally = new EdgeTally();
  private table = new SpanKeyTable();
  private pending = new PendingChildren();
  private own: OwnSpan[] = [];
  private services: string[] = [];
  private serviceIds = new Map<string, number>();
  private readonly knownTraces = new Set<string>();
  private readonly touchedTraces = new Set<string>();
  private readonly key = new Uint32Array(2);
  private rowidBefore: number;

  constructor(private readonly db: Db) {
    this.rowidBefore = maxRowid(db);
  }

  /** A span the write stored; `known` says whether its trace was cached before this write. */
  span(row: SpanRow, graph: GraphAttributes | null, known: boolean): void {
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
    }
    spanKey(traceId, spanId, this.key);
    this.table.put(this.key, serviceId, kind);
    const minute = Number(startNs / MINUTE_NS);
    const bucket = bucketOf(Number(endNs - startNs));
    const isError = statusCode === 2;
    if (parentId !== null) {
      spanKey(traceId, parentId, this.key);
      this.pending.push(this.key, serviceId, minute, bucket, kind, isError, graph !== null && graph[2] !== null);
    }
    const linking = kind === CONSUMER && row[13] !== null;
    if (graph === null && !linking) return;
    const [dbSystem, dbName, messagingSystem, destination, peerService] = graph ?? NO_ATTRIBUTES;
    const links = linking ? (JSON.parse(row[13]!) as SpanLink[]).map((l) => ({ traceId: l.traceId, spanId: l.spanId })) : [];
    const span: RuleSpan = { traceId, spanId, parentId, service, kind, dbSystem, dbName, messagingSystem, destination, peerService, links };
    if (mayHaveOwnEdges(span)) this.own.push({ span, minute, isError, bucket });
  }

  flush(): void {
    this.resolveNewTraces();
    for (const traceId of this.knownTraces) this.recountTrace(traceId);
    this.gainLinks();
    this.tally.flush(this.db);
    this.table = new SpanKeyTable();
    this.pending = new PendingChildren();
    this.own = [];
    this.services = [];
    this.serviceIds = new Map();
    this.knownTraces.clear();
    this.touchedTraces.clear();
    this.rowidBefore = maxRowid(this.db);
  }

  /** Parents first (they also say which client spans were answered by another service), then each span's own edges. */
  private resolveNewTraces(): void {
    const { table, pending, services, tally } = this;
    for (let i = 0; i < pending.length; i++) {
      const slot = table.find(pending.parentHi[i]!, pending.parentLo[i]!);
      if (slot < 0) continue;
      const service = services[pending.service[i]!]!;
      const parent = { service: services[table.serviceAt(slot)]!, kind: table.kindAt(slot) };
      if (parent.service === service) continue;
      table.markCalledOut(slot);
      const flags = pending.flags[i]!;
      const child = { service, kind: flags & 15, messagingSystem: flags & 32 ? '' : null } as RuleSpan;
      const edge = parentEdge(child, parent);
      if (edge !== null) tally.add(pending.minute[i]!, edge, (flags & 16) !== 0, pending.bucket[i]!);
    }
    const cache = cacheGraphLookup(this.db);
    const key = this.key;
    const inWrite = (traceId: string, spanId: string) => {
      spanKey(traceId, spanId, key);
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
  }

  /** A trace the cache had: its edges counted from its rows after the write, less those before it. */
  private recountTrace(traceId: string): void {
    const rows = this.db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS}, rowid FROM spans WHERE trace_id = ?`).raw(true).all(traceId) as unknown[][];
    const before = rows.filter((row) => Number(row[14]) <= this.rowidBefore).map(toGraphSpan);
    this.count(rows.map(toGraphSpan), 1, cacheGraphLookup(this.db));
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
