import type { TraceDetail } from '../../../shared/api-types.js';
import { SPAN_KINDS, STATUS_CODES, type Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { attributes, int, json, ns } from './rows.js';

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
    ...(typeof row.trace_state === 'string' && row.trace_state !== '' ? { traceState: row.trace_state } : {}),
  };
}
