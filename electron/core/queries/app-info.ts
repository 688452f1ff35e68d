import type { Db } from '../db/open-database.js';

/**
 * Span and log totals come from service_minutes (a few rows per service and minute) rather than count(*), which
 * reads a whole index: seconds on a cold 10M-span cache. Traces are one row each in `traces`, a much smaller index.
 */
export function cacheCounts(db: Db): { spanCount: number; logCount: number; traceCount: number } {
  const sums = db.prepare('SELECT coalesce(sum(spans), 0) AS spans, coalesce(sum(logs), 0) AS logs FROM service_minutes').get() as {
    spans: number;
    logs: number;
  };
  const traces = (db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n;
  return { spanCount: sums.spans, logCount: sums.logs, traceCount: traces };
}
