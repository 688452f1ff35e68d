import type { ServiceSummary } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { MINUTE_NS } from '../ingest/service-minutes.js';
import { MAX_NS, MIN_NS, int, nsBound, nsOrNull } from './rows.js';

interface Tally {
  spans: number;
  errors: number;
  traces: number;
  logs: number;
  first: bigint | null;
  last: bigint | null;
}

type Row = { service: string; spans: bigint; errors: bigint; traces: bigint; logs: bigint; first_ns: bigint | null; last_ns: bigint | null };

/**
 * Services seen in spans or logs within the window, with their span, error, trace and log counts. Whole minutes are
 * read from service_minutes (kept by the writer), so the cost follows services × minutes, not rows; only the ragged
 * minutes at a window's edges are counted from the rows.
 */
export function listServices(db: Db, window: { startNs?: string; endNs?: string }): ServiceSummary[] {
  const start = nsBound(window.startNs, MIN_NS);
  const end = nsBound(window.endNs, MAX_NS);
  const totals = new Map<string, Tally>();
  if (start > end) return [];
  // Minutes wholly inside [start, end] (end is inclusive).
  const firstWhole = start % MINUTE_NS === 0n ? start / MINUTE_NS : start / MINUTE_NS + 1n;
  const lastWhole = end === MAX_NS || (end + 1n) % MINUTE_NS === 0n ? end / MINUTE_NS : end / MINUTE_NS - 1n;
  if (firstWhole > lastWhole) {
    addRows(totals, rawRows(db, start, end));
  } else {
    addRows(totals, minuteRows(db, firstWhole, lastWhole));
    if (start < firstWhole * MINUTE_NS) addRows(totals, rawRows(db, start, firstWhole * MINUTE_NS - 1n));
    if (end !== MAX_NS && end >= (lastWhole + 1n) * MINUTE_NS) addRows(totals, rawRows(db, (lastWhole + 1n) * MINUTE_NS, end));
  }
  return [...totals]
    .filter(([, t]) => t.spans > 0 || t.logs > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, t]) => ({
      name,
      spanCount: t.spans,
      errorCount: t.errors,
      traceCount: t.traces,
      logCount: t.logs,
      firstNs: nsOrNull(t.first),
      lastNs: nsOrNull(t.last),
    }));
}

function minuteRows(db: Db, from: bigint, to: bigint): Row[] {
  return db
    .prepare(
      `SELECT service, sum(spans) AS spans, sum(errors) AS errors, sum(traces) AS traces, sum(logs) AS logs,
              min(first_ns) AS first_ns, max(last_ns) AS last_ns
       FROM service_minutes WHERE minute BETWEEN ? AND ? GROUP BY service`,
    )
    .safeIntegers(true)
    .all(from, to) as Row[];
}

/** Counts from the rows themselves, for a range of at most a few minutes. */
function rawRows(db: Db, start: bigint, end: bigint): Row[] {
  const spans = db
    .prepare(
      `SELECT service, count(*) AS spans, sum(status_code = 2) AS errors, 0 AS traces, 0 AS logs,
              min(start_ns) AS first_ns, max(start_ns) AS last_ns
       FROM spans WHERE start_ns BETWEEN ? AND ? GROUP BY service`,
    )
    .safeIntegers(true)
    .all(start, end) as Row[];
  const logs = db
    .prepare(
      `SELECT service, 0 AS spans, 0 AS errors, 0 AS traces, count(*) AS logs, min(time_ns) AS first_ns, max(time_ns) AS last_ns
       FROM logs WHERE time_ns BETWEEN ? AND ? GROUP BY service`,
    )
    .safeIntegers(true)
    .all(start, end) as Row[];
  // trace_services is keyed by service first: one short index range per service beats a scan of every row.
  const traces = db
    .prepare(
      `SELECT service, 0 AS spans, 0 AS errors, 0 AS logs, NULL AS first_ns, NULL AS last_ns,
              (SELECT count(*) FROM trace_services t WHERE t.service = names.service AND t.start_ns BETWEEN ? AND ?) AS traces
       FROM (SELECT DISTINCT service FROM service_minutes) AS names`,
    )
    .safeIntegers(true)
    .all(start, end) as Row[];
  return [...spans, ...logs, ...traces];
}

function addRows(totals: Map<string, Tally>, rows: Row[]): void {
  for (const row of rows) {
    let t = totals.get(row.service);
    if (t === undefined) {
      t = { spans: 0, errors: 0, traces: 0, logs: 0, first: null, last: null };
      totals.set(row.service, t);
    }
    t.spans += int(row.spans);
    t.errors += int(row.errors ?? 0n);
    t.traces += int(row.traces);
    t.logs += int(row.logs);
    if (row.first_ns !== null && (t.first === null || row.first_ns < t.first)) t.first = row.first_ns;
    if (row.last_ns !== null && (t.last === null || row.last_ns > t.last)) t.last = row.last_ns;
  }
}
