import type { ServiceSummary } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { MINUTE_NS, windowMinutes } from '../ingest/service-minutes.js';
import { DENSE_CELL_ITEMS, SECOND_NS } from '../ingest/service-seconds.js';
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

/** A window's ragged edge, cut at minute boundaries: each part lies inside one minute. */
function rawRows(db: Db, start: bigint, end: bigint): Row[] {
  const rows: Row[] = [];
  const counts = new EdgeCounts(db);
  for (let from = start; from <= end; from = (from / MINUTE_NS + 1n) * MINUTE_NS) {
    const minuteEnd = (from / MINUTE_NS + 1n) * MINUTE_NS - 1n;
    rows.push(...partOfMinute(counts, from, end < minuteEnd ? end : minuteEnd));
  }
  return rows;
}

/**
 * Counts [a, b], inside one minute, per service with rows in that minute (service_minutes says which). A service
 * whose minute is kept per second (service_seconds) reads the whole seconds of [a, b] there and counts only the
 * partial seconds at its ends from the rows; any other service has fewer than DENSE_CELL_ITEMS entries in the
 * minute, counted from the rows. Counts come from the (service, time) indexes without reading a row; first and last
 * are one index seek each.
 */
function partOfMinute(counts: EdgeCounts, a: bigint, b: bigint): Row[] {
  const minute = a / MINUTE_NS;
  const firstSecond = (a + SECOND_NS - 1n) / SECOND_NS;
  const lastSecond = (b + 1n) / SECOND_NS - 1n;
  const seconds = firstSecond <= lastSecond ? { first: firstSecond, last: lastSecond } : null;
  // The partial seconds at the part's ends, for a service kept per second.
  const edges: [bigint, bigint][] = [];
  if (seconds !== null && a < seconds.first * SECOND_NS) edges.push([a, seconds.first * SECOND_NS - 1n]);
  if (seconds !== null && b > (seconds.last + 1n) * SECOND_NS - 1n) edges.push([(seconds.last + 1n) * SECOND_NS, b]);
  const rows: Row[] = [];
  for (const { service, items } of counts.servicesIn(minute)) {
    // Only a dense cell can be kept per second; one that is not is counted from its rows, which is always exact.
    const kept = seconds !== null && items >= DENSE_CELL_ITEMS && counts.keptPerSecond(service, minute);
    rows.push(kept ? counts.keptRow(service, a, b, seconds, edges) : counts.rawRow(service, a, b));
  }
  return rows;
}

/** The statements a ragged edge is counted with. */
class EdgeCounts {
  private readonly spans;
  private readonly traces;
  private readonly logs;
  private readonly firstSpan;
  private readonly lastSpan;
  private readonly firstLog;
  private readonly lastLog;
  private readonly services;
  private readonly spansRange;
  private readonly logsRange;
  private readonly kept;
  private readonly sums;
  private readonly errors = new Map<string, Map<string, bigint>>();

  constructor(private readonly db: Db) {
    const one = (sql: string) => db.prepare(sql).pluck().safeIntegers(true);
    this.spans = one('SELECT count(*) FROM spans INDEXED BY spans_by_service_time WHERE service = ? AND start_ns BETWEEN ? AND ?');
    // trace_services is keyed by service first: one short index range per service.
    this.traces = one('SELECT count(*) FROM trace_services WHERE service = ? AND start_ns BETWEEN ? AND ?');
    this.logs = one('SELECT count(*) FROM logs WHERE service = ? AND time_ns BETWEEN ? AND ?');
    const seek = (from: string, column: string, order: string) =>
      one(`SELECT ${column} FROM ${from} WHERE service = ? AND ${column} BETWEEN ? AND ? ORDER BY ${column} ${order} LIMIT 1`);
    this.firstSpan = seek('spans INDEXED BY spans_by_service_time', 'start_ns', 'ASC');
    this.lastSpan = seek('spans INDEXED BY spans_by_service_time', 'start_ns', 'DESC');
    this.firstLog = seek('logs', 'time_ns', 'ASC');
    this.lastLog = seek('logs', 'time_ns', 'DESC');
    this.services = db.prepare('SELECT service, spans + traces + logs AS items FROM service_minutes WHERE minute = ?');
    const range = (from: string, column: string) =>
      db.prepare(`SELECT count(*) AS n, min(${column}) AS first, max(${column}) AS last FROM ${from} WHERE service = ? AND ${column} BETWEEN ? AND ?`).safeIntegers(true);
    this.spansRange = range('spans INDEXED BY spans_by_service_time', 'start_ns');
    this.logsRange = range('logs', 'time_ns');
    // A casefile saved before migration 21 has no service_seconds (casefiles are read, never migrated): every
    // minute is then counted from its rows.
    const hasSeconds = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'service_seconds'").get() !== undefined;
    this.kept = hasSeconds ? db.prepare('SELECT 1 FROM service_seconds WHERE service = ? AND second BETWEEN ? AND ? LIMIT 1').pluck() : null;
    const sums = `SELECT coalesce(sum(spans), 0) AS spans, coalesce(sum(errors), 0) AS errors, coalesce(sum(traces), 0) AS traces,
                         coalesce(sum(logs), 0) AS logs
                  FROM service_seconds WHERE service = ? AND second BETWEEN ? AND ?`;
    this.sums = hasSeconds ? db.prepare(sums).safeIntegers(true) : null;
  }

  servicesIn(minute: bigint): { service: string; items: number }[] {
    return this.services.all(minute) as { service: string; items: number }[];
  }

  /** [a, b] of one service counted from its index entries: count, first and last in one pass per table. */
  rawRow(service: string, a: bigint, b: bigint): Row {
    const s = this.spansRange.get(service, a, b) as { n: bigint; first: bigint | null; last: bigint | null };
    const l = this.logsRange.get(service, a, b) as { n: bigint; first: bigint | null; last: bigint | null };
    return {
      service,
      spans: s.n,
      errors: this.errorsIn(a, b).get(service) ?? 0n,
      traces: this.traces.get(service, a, b) as bigint,
      logs: l.n,
      first_ns: minOf(s.first, l.first),
      last_ns: maxOf(s.last, l.last),
    };
  }

  /** [a, b] of a service kept per second: its whole seconds summed, its partial seconds (`edges`) counted. */
  keptRow(service: string, a: bigint, b: bigint, seconds: { first: bigint; last: bigint }, edges: [bigint, bigint][]): Row {
    const row = this.seconds(service, seconds.first, seconds.last);
    for (const [from, to] of edges) {
      row.spans += this.spans.get(service, from, to) as bigint;
      row.errors += this.errorsIn(from, to).get(service) ?? 0n;
      row.traces += this.traces.get(service, from, to) as bigint;
      row.logs += this.logs.get(service, from, to) as bigint;
    }
    const at = (statement: typeof this.firstSpan) => (statement.get(service, a, b) as bigint | undefined) ?? null;
    row.first_ns = minOf(at(this.firstSpan), at(this.firstLog));
    row.last_ns = maxOf(at(this.lastSpan), at(this.lastLog));
    return row;
  }

  keptPerSecond(service: string, minute: bigint): boolean {
    return this.kept !== null && this.kept.get(service, minute * 60n, minute * 60n + 59n) !== undefined;
  }

  /** Sums of whole seconds first..last of a service kept per second. */
  private seconds(service: string, first: bigint, last: bigint): Row {
    const sums = this.sums!.get(service, first, last) as { spans: bigint; errors: bigint; traces: bigint; logs: bigint };
    return { service, ...sums, first_ns: null, last_ns: null };
  }

  /** Error spans per service in [from, to], from the index of error spans: one pass for all services. */
  private errorsIn(from: bigint, to: bigint): Map<string, bigint> {
    const key = `${from}:${to}`;
    let counts = this.errors.get(key);
    if (counts === undefined) {
      const rows = this.db
        .prepare('SELECT service, count(*) AS errors FROM spans INDEXED BY spans_errors_by_time WHERE status_code = 2 AND start_ns BETWEEN ? AND ? GROUP BY service')
        .safeIntegers(true)
        .all(from, to) as { service: string; errors: bigint }[];
      counts = new Map(rows.map((row) => [row.service, row.errors]));
      this.errors.set(key, counts);
    }
    return counts;
  }
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
