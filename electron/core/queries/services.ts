import type { ServiceSummary } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { MINUTE_NS, windowMinutes } from '../ingest/service-minutes.js';
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
  const { whole, ragged } = windowMinutes(start, end, MAX_NS);
  if (whole !== null) addRows(totals, minuteRows(db, whole.first, whole.last));
  for (const [from, to] of ragged) addRows(totals, rawRows(db, from, to));
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

/**
 * Counts from the rows themselves, for the ragged minutes at a window's edges. Only the services with rows in those
 * minutes (service_minutes says which) are probed, each through its (service, time) index, which answers count,
 * first and last without reading a row; errors come from the index of error spans. So the cost follows the index
 * entries in range, not the span and log rows behind them.
 */
function rawRows(db: Db, start: bigint, end: bigint): Row[] {
  const services = db.prepare('SELECT DISTINCT service FROM service_minutes WHERE minute BETWEEN ? AND ?').pluck().all(start / MINUTE_NS, end / MINUTE_NS) as string[];
  const spans = db.prepare(
    `SELECT count(*) AS spans, min(start_ns) AS first_ns, max(start_ns) AS last_ns FROM spans INDEXED BY spans_by_service_time
     WHERE service = ? AND start_ns BETWEEN ? AND ?`,
  );
  const logs = db.prepare('SELECT count(*) AS logs, min(time_ns) AS first_ns, max(time_ns) AS last_ns FROM logs WHERE service = ? AND time_ns BETWEEN ? AND ?');
  // trace_services is keyed by service first: one short index range per service.
  const traces = db.prepare('SELECT count(*) FROM trace_services WHERE service = ? AND start_ns BETWEEN ? AND ?').pluck();
  const errors = new Map(
    (
      db
        .prepare('SELECT service, count(*) AS errors FROM spans INDEXED BY spans_errors_by_time WHERE status_code = 2 AND start_ns BETWEEN ? AND ? GROUP BY service')
        .safeIntegers(true)
        .all(start, end) as { service: string; errors: bigint }[]
    ).map((row) => [row.service, row.errors]),
  );
  for (const statement of [spans, logs, traces]) statement.safeIntegers(true);
  const rows: Row[] = [];
  for (const service of services) {
    const s = spans.get(service, start, end) as { spans: bigint; first_ns: bigint | null; last_ns: bigint | null };
    const l = logs.get(service, start, end) as { logs: bigint; first_ns: bigint | null; last_ns: bigint | null };
    rows.push({
      service,
      spans: s.spans,
      errors: errors.get(service) ?? 0n,
      traces: traces.get(service, start, end) as bigint,
      logs: l.logs,
      first_ns: minOf(s.first_ns, l.first_ns),
      last_ns: maxOf(s.last_ns, l.last_ns),
    });
  }
  return rows;
}

function minOf(a: bigint | null, b: bigint | null): bigint | null {
  return a === null ? b : b === null || a < b ? a : b;
}

function maxOf(a: bigint | null, b: bigint | null): bigint | null {
  return a === null ? b : b === null || a > b ? a : b;
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
