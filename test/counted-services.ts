import type { ServiceSummary } from '../shared/api-types.js';
import type { Db } from '../electron/core/db/open-database.js';

/** The answer counted from the rows themselves: what listServices answered before service_minutes existed. */
export function countedFromRows(db: Db, startNs?: string, endNs?: string): ServiceSummary[] {
  const start = BigInt(startNs ?? '0');
  const end = BigInt(endNs ?? ((1n << 63n) - 1n).toString());
  const rows = db
    .prepare(
      `WITH s AS (SELECT service, count(*) AS spans, sum(status_code = 2) AS errors, min(start_ns) AS f, max(start_ns) AS l
                  FROM spans WHERE start_ns BETWEEN @start AND @end GROUP BY service),
            t AS (SELECT service, count(*) AS traces FROM trace_services WHERE start_ns BETWEEN @start AND @end GROUP BY service),
            g AS (SELECT service, count(*) AS logs, min(time_ns) AS f, max(time_ns) AS l FROM logs WHERE time_ns BETWEEN @start AND @end GROUP BY service),
            n AS (SELECT service FROM s UNION SELECT service FROM g)
       SELECT n.service AS name, coalesce(s.spans, 0) AS spans, coalesce(s.errors, 0) AS errors, coalesce(t.traces, 0) AS traces,
              coalesce(g.logs, 0) AS logs, min(coalesce(s.f, g.f), coalesce(g.f, s.f)) AS f, max(coalesce(s.l, g.l), coalesce(g.l, s.l)) AS l
       FROM n LEFT JOIN s USING (service) LEFT JOIN t USING (service) LEFT JOIN g USING (service) ORDER BY n.service`,
    )
    .safeIntegers(true)
    .all({ start, end }) as Record<string, bigint | string>[];
  return rows.map((r) => ({
    name: r.name as string,
    spanCount: Number(r.spans),
    errorCount: Number(r.errors),
    traceCount: Number(r.traces),
    logCount: Number(r.logs),
    firstNs: r.f === null ? null : String(r.f),
    lastNs: r.l === null ? null : String(r.l),
  }));
}
