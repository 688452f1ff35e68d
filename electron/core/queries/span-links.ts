import type { SpanLinkRef, SpanLinksResult } from '../../../shared/trace/waterfall-types.js';
import type { Db } from '../db/open-database.js';

/**
 * A span's links both ways, from span_links: its own (outgoing, e.g. a consumer naming the producer it read from)
 * through the primary key, and those of other spans naming it (incoming, e.g. the consumers of what a producer sent)
 * through the span_links_reverse index. The far span's service and name come along when it is in the cache.
 */
export function spanLinks(db: Db, traceId: string, spanId: string): SpanLinksResult {
  const outgoing = db
    .prepare(
      `SELECT l.linked_trace_id AS traceId, l.linked_span_id AS spanId,
              (SELECT service FROM spans s WHERE s.trace_id = l.linked_trace_id AND s.span_id = l.linked_span_id LIMIT 1) AS service,
              (SELECT name FROM spans s WHERE s.trace_id = l.linked_trace_id AND s.span_id = l.linked_span_id LIMIT 1) AS name
       FROM span_links l WHERE l.trace_id = ? AND l.span_id = ?
       ORDER BY l.linked_trace_id, l.linked_span_id`,
    )
    .all(traceId, spanId) as SpanLinkRef[];
  const incoming = db
    .prepare(
      `SELECT l.trace_id AS traceId, l.span_id AS spanId,
              (SELECT service FROM spans s WHERE s.trace_id = l.trace_id AND s.span_id = l.span_id LIMIT 1) AS service,
              (SELECT name FROM spans s WHERE s.trace_id = l.trace_id AND s.span_id = l.span_id LIMIT 1) AS name
       FROM span_links l WHERE l.linked_trace_id = ? AND l.linked_span_id = ?
       ORDER BY l.trace_id, l.span_id`,
    )
    .all(traceId, spanId) as SpanLinkRef[];
  return { outgoing, incoming };
}
