import type { Db } from '../db/open-database.js';
import type { ServiceSpanMinute } from './arrived-graph.js';
import { ERRORS, LOGS, type SecondTally, ServiceSeconds, SPANS, TRACES } from './service-seconds.js';

/** service_minutes buckets by whole minutes of epoch ns (migration 11). */
export const MINUTE_NS = 60_000_000_000n;

interface MinuteTally {
  service: string;
  minute: bigint;
  spans: number;
  errors: number;
  traces: number;
  logs: number;
  firstNs: bigint | null;
  lastNs: bigint | null;
  /** The same counts per second, where this write keeps them (service-seconds.ts). */
  cell: { kept: boolean; seconds: SecondTally | null };
}

/**
 * Tallies what a write adds per service and minute, and merges it into service_minutes once at flush, inside the
 * writer's transaction, so the overview counts stay exactly those of the rows committed with them.
 */
export class ServiceMinutes {
  private readonly tallies = new Map<string, MinuteTally>();
  private readonly seconds: ServiceSeconds;

  constructor(db: Db) {
    this.seconds = new ServiceSeconds(db);
  }

  span(service: string, startNs: bigint, error: boolean): void {
    const t = this.at(service, startNs);
    t.spans++;
    if (error) t.errors++;
    const seconds = t.cell.seconds;
    if (seconds !== null) {
      seconds.count(startNs, SPANS, 1);
      if (error) seconds.count(startNs, ERRORS, 1);
    }
    this.stretch(t, startNs);
  }

  log(service: string, timeNs: bigint): void {
    const t = this.at(service, timeNs);
    t.logs++;
    t.cell.seconds?.count(timeNs, LOGS, 1);
    this.stretch(t, timeNs);
  }

  /** A trace_services row moved (an earlier span of the trace arrived) or appeared (`fromNs` null). */
  traceService(service: string, fromNs: bigint | null, toNs: bigint): void {
    if (fromNs !== null) {
      const from = this.at(service, fromNs);
      from.traces--;
      from.cell.seconds?.count(fromNs, TRACES, -1);
    }
    const to = this.at(service, toNs);
    to.traces++;
    to.cell.seconds?.count(toNs, TRACES, 1);
  }

  /** The span counts tallied so far, per service and minute. */
  spanRows(): ServiceSpanMinute[] {
    const rows: ServiceSpanMinute[] = [];
    for (const t of this.tallies.values()) if (t.spans > 0) rows.push([t.service, Number(t.minute), t.spans, t.errors]);
    return rows;
  }

  flush(db: Db): void {
    if (this.tallies.size === 0) return;
    const upsert = db.prepare(
      `INSERT INTO service_minutes (service, minute, spans, errors, traces, logs, first_ns, last_ns)
       VALUES (@service, @minute, @spans, @errors, @traces, @logs, @firstNs, @lastNs)
       ON CONFLICT (service, minute) DO UPDATE SET
         spans = spans + excluded.spans,
         errors = errors + excluded.errors,
         traces = traces + excluded.traces,
         logs = logs + excluded.logs,
         first_ns = min(coalesce(first_ns, excluded.first_ns), coalesce(excluded.first_ns, first_ns)),
         last_ns = max(coalesce(last_ns, excluded.last_ns), coalesce(excluded.last_ns, last_ns))
       RETURNING spans + traces + logs`,
    ).pluck();
    for (const { cell, ...t } of this.tallies.values()) this.seconds.merge(t.service, t.minute, cell, upsert.get(t) as number);
    this.tallies.clear();
  }

  private at(service: string, ns: bigint): MinuteTally {
    const minute = ns / MINUTE_NS;
    const key = `${minute}\u0000${service}`;
    let t = this.tallies.get(key);
    if (t === undefined) {
      const cell = this.seconds.startCell(service, minute);
      t = { service, minute, spans: 0, errors: 0, traces: 0, logs: 0, firstNs: null, lastNs: null, cell };
      this.tallies.set(key, t);
    }
    return t;
  }

  private stretch(t: MinuteTally, ns: bigint): void {
    if (t.firstNs === null || ns < t.firstNs) t.firstNs = ns;
    if (t.lastNs === null || ns > t.lastNs) t.lastNs = ns;
  }
}

/** Whole minutes, first to last (inclusive), of epoch ns / MINUTE_NS. */
export interface MinuteRange {
  first: bigint;
  last: bigint;
}

/**
 * Recounts service_minutes and cache_totals from the rows: for files whose rows arrived other than through the
 * writer (a casefile's evidence is copied table to table). The same statements as migration 11's fill. Minutes in
 * `skip` are left out (the caller fills them otherwise).
 */
export function rebuildServiceMinutes(db: Db, skip: readonly MinuteRange[] = []): void {
  const outside = (column: string) =>
    skip.length === 0 ? 'true' : skip.map((r) => `${column} NOT BETWEEN ${r.first * MINUTE_NS} AND ${(r.last + 1n) * MINUTE_NS - 1n}`).join(' AND ');
  db.exec(`
DELETE FROM service_minutes;
INSERT INTO service_minutes (service, minute, spans, errors, first_ns, last_ns)
  SELECT service, start_ns / 60000000000, count(*), sum(status_code = 2), min(start_ns), max(start_ns)
  FROM spans WHERE ${outside('start_ns')} GROUP BY 1, 2;
INSERT INTO service_minutes (service, minute, traces)
  SELECT service, start_ns / 60000000000, count(*) FROM trace_services WHERE ${outside('start_ns')} GROUP BY 1, 2
  ON CONFLICT (service, minute) DO UPDATE SET traces = excluded.traces;
INSERT INTO service_minutes (service, minute, logs, first_ns, last_ns)
  SELECT service, time_ns / 60000000000, count(*), min(time_ns), max(time_ns) FROM logs WHERE ${outside('time_ns')} GROUP BY 1, 2
  ON CONFLICT (service, minute) DO UPDATE SET logs = excluded.logs,
    first_ns = min(coalesce(first_ns, excluded.first_ns), excluded.first_ns),
    last_ns = max(coalesce(last_ns, excluded.last_ns), excluded.last_ns);
UPDATE cache_totals SET traces = (SELECT count(*) FROM traces) WHERE id = 1;
`);
}

/**
 * A window [start, end] (inclusive ns; end MAX for "no end") as the minute summaries read it: the whole minutes it
 * covers, and the ragged parts at its edges that only the rows can answer.
 */
export function windowMinutes(start: bigint, end: bigint, openEnd: bigint): { whole: MinuteRange | null; ragged: [bigint, bigint][] } {
  if (start > end) return { whole: null, ragged: [] };
  const first = start % MINUTE_NS === 0n ? start / MINUTE_NS : start / MINUTE_NS + 1n;
  const last = end === openEnd || (end + 1n) % MINUTE_NS === 0n ? end / MINUTE_NS : end / MINUTE_NS - 1n;
  if (first > last) return { whole: null, ragged: [[start, end]] };
  const ragged: [bigint, bigint][] = [];
  if (start < first * MINUTE_NS) ragged.push([start, first * MINUTE_NS - 1n]);
  if (end !== openEnd && end >= (last + 1n) * MINUTE_NS) ragged.push([(last + 1n) * MINUTE_NS, end]);
  return { whole: { first, last }, ragged };
}
