import type { TraceDetail, TraceSummary } from '../../../shared/api-types.js';
import { SPAN_KINDS, STATUS_CODES, type Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, attributes, int, json, ns, nsBound } from './rows.js';
import { toTraceSummary } from './trace-summary-row.js';

export interface TraceSearch {
  service?: string;
  errorsOnly: boolean;
  limit: number;
  startNs?: string;
  endNs?: string;
}

/** Most recent traces first, optionally only those touching `service` or having errors. */
export function searchTraces(db: Db, search: TraceSearch): TraceSummary[] {
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
