import type { Db } from '../db/open-database.js';

/**
 * Span and log totals come from service_minutes (a few rows per service and minute) rather than count(*), which
 * reads a whole index: seconds on a cold 10M-span cache. The number of traces is kept in cache_totals.
 */
export function cacheCounts(db: Db): { spanCount: number; logCount: number; traceCount: number } {
  const sums = db.prepare('SELECT coalesce(sum(spans), 0) AS spans, coalesce(sum(logs), 0) AS logs FROM service_minutes').get() as {
    spans: number;
    logs: number;
  };
  const traces = (db.prepare('SELECT traces FROM cache_totals WHERE id = 1').get() as { traces: number }).traces;
  return { spanCount: sums.spans, logCount: sums.logs, traceCount: traces };
}
