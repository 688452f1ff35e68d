import type { ServiceSummary } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, int, nsBound, nsOrNull } from './rows.js';

/** Services seen in spans or logs within the window, with their span, error, trace and log counts. */
export function listServices(db: Db, window: { startNs?: string; endNs?: string }): ServiceSummary[] {
  const start = nsBound(window.startNs, MIN_NS);
  const end = nsBound(window.endNs, MAX_NS);
  const rows = db
    .prepare(
      `WITH span_stats AS (
         SELECT service, count(*) AS spans, sum(status_code = 2) AS errors, min(start_ns) AS first_ns, max(start_ns) AS last_ns
         FROM spans WHERE start_ns BETWEEN @start AND @end GROUP BY service),
       trace_stats AS (
         SELECT service, count(*) AS traces FROM trace_services WHERE start_ns BETWEEN @start AND @end GROUP BY service),
       log_stats AS (
         SELECT service, count(*) AS logs, min(time_ns) AS first_ns, max(time_ns) AS last_ns
         FROM logs WHERE time_ns BETWEEN @start AND @end GROUP BY service),
       names AS (SELECT service FROM span_stats UNION SELECT service FROM log_stats)
       SELECT names.service AS name, coalesce(s.spans, 0) AS spans, coalesce(s.errors, 0) AS errors,
              coalesce(t.traces, 0) AS traces, coalesce(l.logs, 0) AS logs,
              min(coalesce(s.first_ns, l.first_ns), coalesce(l.first_ns, s.first_ns)) AS first_ns,
              max(coalesce(s.last_ns, l.last_ns), coalesce(l.last_ns, s.last_ns)) AS last_ns
       FROM names LEFT JOIN span_stats s USING (service) LEFT JOIN trace_stats t USING (service)
       LEFT JOIN log_stats l USING (service)
       ORDER BY names.service`,
    )
    .safeIntegers(true)
    .all({ start, end }) as Record<string, unknown>[];
  return rows.map((row) => ({
    name: row.name as string,
    spanCount: int(row.spans),
    errorCount: int(row.errors),
    traceCount: int(row.traces),
    logCount: int(row.logs),
    firstNs: nsOrNull(row.first_ns),
    lastNs: nsOrNull(row.last_ns),
  }));
}
