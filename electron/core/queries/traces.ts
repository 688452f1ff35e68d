import type { TraceDetail, TraceSummary } from '../../../shared/api-types.js';
import { SPAN_KINDS, STATUS_CODES, type Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, attributes, int, json, ns, nsBound } from './rows.js';
import { toTraceSummary } from './trace-summary-row.js';

export interface TraceSearch {
  service?: string;
  /** Only traces with a span of this name (of `service`, when given). */
  operation?: string;
  errorsOnly: boolean;
  limit: number;
  startNs?: string;
  endNs?: string;
}

/** Most recent traces first, optionally only those touching `service`, having an `operation`, or having errors. */
export function searchTraces(db: Db, search: TraceSearch): TraceSummary[] {
  if (search.operation !== undefined) return tracesWithOperation(db, { ...search, operation: search.operation });
  const params = {
    start: nsBound(search.startNs, MIN_NS),
    end: nsBound(search.endNs, MAX_NS),
    limit: search.limit,
    service: search.service ?? null,
  };
  const errors = search.errorsOnly ? 'AND t.error_count > 0' : '';
  const sql =
    search.service === undefined
      ? `SELECT t.* FROM traces t WHERE t.start_ns BETWEEN @start AND @end ${errors}
         ORDER BY t.start_ns DESC LIMIT @limit`
      : `SELECT t.* FROM trace_services ts JOIN traces t USING (trace_id)
         WHERE ts.service = @service AND ts.start_ns BETWEEN @start AND @end ${errors}
         ORDER BY ts.start_ns DESC LIMIT @limit`;
  const rows = db.prepare(sql).safeIntegers(true).all(params) as Record<string, unknown>[];
  return rows.map(toTraceSummary);
}

/**
 * Traces with a span named `operation`, newest such span first. Spans are walked newest first through the (service,
 * start) or (start) index and the walk stops once `limit` traces are found, so a common operation costs a few
 * thousand rows, not every span in the window.
 */
function tracesWithOperation(db: Db, search: TraceSearch & { operation: string }): TraceSummary[] {
  const byService = search.service !== undefined;
  const spans = db
    .prepare(
      `SELECT trace_id FROM spans INDEXED BY ${byService ? 'spans_by_service_time' : 'spans_by_time'}
       WHERE ${byService ? 'service = @service AND ' : ''}start_ns BETWEEN @start AND @end AND name = @operation
       ORDER BY ${byService ? 'service DESC, ' : ''}start_ns DESC`,
    )
    .pluck();
  const summary = db.prepare(`SELECT * FROM traces WHERE trace_id = ?${search.errorsOnly ? ' AND error_count > 0' : ''}`).safeIntegers(true);
  const seen = new Set<string>();
  const found: TraceSummary[] = [];
  const params = { start: nsBound(search.startNs, MIN_NS), end: nsBound(search.endNs, MAX_NS), operation: search.operation, ...(byService ? { service: search.service } : {}) };
  for (const traceId of spans.iterate(params) as IterableIterator<string>) {
    if (seen.has(traceId)) continue;
    seen.add(traceId);
    const row = summary.get(traceId) as Record<string, unknown> | undefined;
    if (row !== undefined) found.push(toTraceSummary(row));
    if (found.length >= search.limit) break;
  }
  return found;
}

/** All spans of one trace (up to maxSpans), in start order, with their resources. */
export function getTrace(db: Db, traceId: string, maxSpans: number): TraceDetail {
  const rows = db
    .prepare(
      `SELECT s.*, r.attributes AS resource FROM spans s LEFT JOIN resources r ON r.hash = s.resource_hash
       WHERE s.trace_id = ? ORDER BY s.start_ns, s.span_id LIMIT ?`,
    )
    .safeIntegers(true)
    .all(traceId, maxSpans + 1) as Record<string, unknown>[];
  const truncated = rows.length > maxSpans;
  const resources = new Map<string, ReturnType<typeof attributes>>();
  const spans = rows.slice(0, maxSpans).map((row): Span => {
    const hash = row.resource_hash as string;
    let resource = resources.get(hash);
    if (resource === undefined) {
      resource = attributes(row.resource);
      resources.set(hash, resource);
    }
    return toSpan(row, resource);
  });
  return { traceId, spans, truncated };
}

export function toSpan(row: Record<string, unknown>, resource: Span['resource']): Span {
  return {
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
    parentSpanId: row.parent_id as string | null,
    service: row.service as string,
    name: row.name as string,
    kind: SPAN_KINDS[int(row.kind)] ?? 'unspecified',
    startNs: ns(row.start_ns),
    endNs: ns(row.end_ns),
    statusCode: STATUS_CODES[int(row.status_code)] ?? 'unset',
    statusMessage: row.status_message as string,
    attributes: attributes(row.attributes),
    resource,
    events: json(row.events, []),
    links: json(row.links, []),
    scope: json(row.scope, null),
    sourceId: null,
  };
}
