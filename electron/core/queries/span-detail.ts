import type { Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { attributes } from './rows.js';
import { toSpan } from './traces.js';

/** Every span of a trace with this id, with its resource (Zipkin's client and server halves share one id). */
export function spanDetail(db: Db, traceId: string, spanId: string): Span[] {
  const rows = db
    .prepare(
      `SELECT s.*, r.attributes AS resource FROM spans s LEFT JOIN resources r ON r.hash = s.resource_hash
       WHERE s.trace_id = ? AND s.span_id = ? ORDER BY s.start_ns, s.kind`,
    )
    .safeIntegers(true)
    .all(traceId, spanId) as Record<string, unknown>[];
  return rows.map((row) => toSpan(row, attributes(row.resource)));
}
