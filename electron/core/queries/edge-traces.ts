import type { EdgeTrace, EdgeTracePage, EdgeTraceSort } from '../../../shared/graph-types.js';
import { buildServiceGraph, type GraphSpan } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import { GRAPH_SPAN_COLUMNS, toGraphSpan } from './graph-spans.js';
import { MAX_NS, MIN_NS, ns, nsBound } from './rows.js';

export interface EdgeQuery {
  source: string;
  target: string;
  mode?: 'sync' | 'async';
  limit: number;
  sort?: EdgeTraceSort;
  ascending?: boolean;
  offset?: number;
  errorsOnly?: boolean;
  /** Bounds on the duration of each trace's worst call on the edge, inclusive. */
  minDurationNs?: number;
  maxDurationNs?: number;
  startNs?: string;
  endNs?: string;
}

/** A span on the edge, with what the trace list shows beside the graph fields. */
interface EdgeSpan {
  span: GraphSpan;
  name: string;
  resourceHash: string;
}

/**
 * Every span the service graph could count on source → target, and the spans its rules look at to decide (a child's
 * parent, a client span's children). Running buildServiceGraph over them names exactly the edge's spans, so this
 * list and the graph's call counts cannot disagree, whatever the target is (service, database, queue, external).
 * - source and target spans: callers' client/producer/database spans, callees' server/consumer spans;
 * - parents of target spans, in any service (Zipkin's shared spans: the server half is the parent its children see);
 * - children of source spans that name the target as peer.service (such a call is an edge to an external node only
 *   when no span in another service answered it), and the spans sharing their id (Zipkin's server half, again).
 */
const CANDIDATES = `
  WITH candidate(rid) AS (
    SELECT rowid FROM spans WHERE service = @source AND start_ns BETWEEN @start AND @end
    UNION
    SELECT rowid FROM spans WHERE service = @target AND start_ns BETWEEN @start AND @end
    UNION
    SELECT p.rowid FROM spans c JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_id
      WHERE c.service = @target AND c.start_ns BETWEEN @start AND @end AND p.start_ns BETWEEN @start AND @end
    UNION
    SELECT k.rowid FROM spans s JOIN spans k ON k.trace_id = s.trace_id AND k.parent_id = s.span_id
      WHERE s.service = @source AND s.kind = 3 AND s.start_ns BETWEEN @start AND @end
        AND json_extract(s.attributes, '$."peer.service"') = @target AND k.start_ns BETWEEN @start AND @end
    UNION
    SELECT h.rowid FROM spans s JOIN spans h ON h.trace_id = s.trace_id AND h.span_id = s.span_id
      WHERE s.service = @source AND s.kind = 3 AND s.start_ns BETWEEN @start AND @end
        AND json_extract(s.attributes, '$."peer.service"') = @target AND h.start_ns BETWEEN @start AND @end
  )
  SELECT ${GRAPH_SPAN_COLUMNS},
    name, resource_hash
  FROM spans WHERE rowid IN (SELECT rid FROM candidate)`;

/**
 * Traces through one edge of the service graph, each by its worst call on the edge (erroring first, then slowest),
 * filtered, ordered and paged as asked: worst first by default.
 */
export function edgeTraces(db: Db, query: EdgeQuery): EdgeTracePage {
  const params = {
    source: query.source,
    target: query.target,
    start: nsBound(query.startNs, MIN_NS),
    end: nsBound(query.endNs, MAX_NS),
  };
  const rows = db.prepare(CANDIDATES).raw(true).safeIntegers(true).all(params) as unknown[][];
  const extras = new Map<GraphSpan, { name: string; resourceHash: string }>();
  const spans = rows.map((row) => {
    const span = toGraphSpan(row);
    extras.set(span, { name: row[14] as string, resourceHash: row[15] as string });
    return span;
  });

  const byTrace = new Map<string, { worst: EdgeSpan; count: number }>();
  let edgeSpanCount = 0;
  buildServiceGraph(spans, (source, target, mode, span) => {
    if (source !== query.source || target !== query.target || (query.mode !== undefined && mode !== query.mode)) return;
    edgeSpanCount++;
    const candidate: EdgeSpan = { span, ...extras.get(span)! };
    const entry = byTrace.get(span.traceId);
    if (entry === undefined) byTrace.set(span.traceId, { worst: candidate, count: 1 });
    else {
      entry.count++;
      if (worse(candidate.span, entry.worst.span)) entry.worst = candidate;
    }
  });

  const matching = [...byTrace.values()].filter(({ worst }) => keeps(query, worst.span));
  const ranked = sortEntries(db, matching, query);
  const offset = query.offset ?? 0;
  const top = ranked.slice(offset, offset + query.limit);
  const traces = traceSummaries(db, top.map((entry) => entry.worst.span.traceId));
  const versions = serviceVersions(db, top.map((entry) => entry.worst.resourceHash));
  return {
    edgeSpanCount,
    traceCount: byTrace.size,
    matchCount: matching.length,
    traces: top.map(({ worst, count }): EdgeTrace => {
      const trace = traces.get(worst.span.traceId);
      return {
        traceId: worst.span.traceId,
        spanId: worst.span.spanId,
        spanName: worst.name,
        spanService: worst.span.service,
        spanVersion: versions.get(worst.resourceHash) ?? null,
        durationNs: worst.span.durationNs,
        isError: worst.span.isError,
        edgeSpanCount: count,
        rootService: trace?.rootService ?? null,
        rootName: trace?.rootName ?? null,
        traceStartNs: trace?.startNs ?? '0',
        traceDurationNs: trace?.durationNs ?? '0',
      };
    }),
  };
}

function keeps(query: EdgeQuery, span: GraphSpan): boolean {
  if (query.errorsOnly === true && !span.isError) return false;
  if (query.minDurationNs !== undefined && span.durationNs < query.minDurationNs) return false;
  if (query.maxDurationNs !== undefined && span.durationNs > query.maxDurationNs) return false;
  return true;
}

type Entry = { worst: EdgeSpan; count: number };

function sortEntries(db: Db, entries: Entry[], query: EdgeQuery): Entry[] {
  const sort = query.sort ?? 'worst';
  const byWorst = (a: Entry, b: Entry) => (worse(a.worst.span, b.worst.span) ? -1 : worse(b.worst.span, a.worst.span) ? 1 : 0);
  let compare: (a: Entry, b: Entry) => number = byWorst;
  if (sort === 'duration') compare = (a, b) => b.worst.span.durationNs - a.worst.span.durationNs || byWorst(a, b);
  if (sort === 'calls') compare = (a, b) => b.count - a.count || byWorst(a, b);
  if (sort === 'start') {
    const starts = traceStarts(db, entries.map((entry) => entry.worst.span.traceId));
    const startOf = (entry: Entry) => starts.get(entry.worst.span.traceId) ?? 0n;
    compare = (a, b) => (startOf(b) > startOf(a) ? 1 : startOf(b) < startOf(a) ? -1 : byWorst(a, b));
  }
  const sorted = entries.sort(compare);
  return query.ascending === true ? sorted.reverse() : sorted;
}

function traceStarts(db: Db, traceIds: string[]): Map<string, bigint> {
  const rows = db
    .prepare('SELECT trace_id, start_ns FROM traces WHERE trace_id IN (SELECT value FROM json_each(?))')
    .raw(true)
    .safeIntegers(true)
    .all(JSON.stringify(traceIds)) as [string, bigint][];
  return new Map(rows);
}

/** Errors outrank any duration; then the longer span is worse; the span id keeps the order stable. */
function worse(a: GraphSpan, b: GraphSpan): boolean {
  if (a.isError !== b.isError) return a.isError;
  if (a.durationNs !== b.durationNs) return a.durationNs > b.durationNs;
  return a.spanId < b.spanId;
}

interface TraceRoot {
  rootService: string | null;
  rootName: string | null;
  startNs: string;
  durationNs: string;
}

function traceSummaries(db: Db, traceIds: string[]): Map<string, TraceRoot> {
  const statement = db.prepare('SELECT root_service, root_name, start_ns, end_ns FROM traces WHERE trace_id = ?').safeIntegers(true);
  const found = new Map<string, TraceRoot>();
  for (const traceId of traceIds) {
    const row = statement.get(traceId) as { root_service: string | null; root_name: string | null; start_ns: bigint; end_ns: bigint } | undefined;
    if (row === undefined) continue;
    found.set(traceId, {
      rootService: row.root_service,
      rootName: row.root_name,
      startNs: ns(row.start_ns),
      durationNs: ns(row.end_ns - row.start_ns),
    });
  }
  return found;
}

function serviceVersions(db: Db, hashes: string[]): Map<string, string> {
  const statement = db.prepare(`SELECT json_extract(attributes, '$."service.version"') AS version FROM resources WHERE hash = ?`);
  const found = new Map<string, string>();
  for (const hash of new Set(hashes)) {
    const row = statement.get(hash) as { version: unknown } | undefined;
    if (row !== undefined && row.version !== null && row.version !== undefined) found.set(hash, String(row.version));
  }
  return found;
}
