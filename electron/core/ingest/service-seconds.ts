import type { Db } from '../db/open-database.js';
import { MINUTE_NS, type MinuteRange } from './service-minutes.js';

/** service_seconds buckets by whole seconds of epoch ns (migration 21). */
export const SECOND_NS = 1_000_000_000n;

/**
 * A (service, minute) cell holding at least this many spans, trace starts and log lines is also kept per second, so
 * a window's ragged edge reads at most this many index entries per service, or a second's worth of a dense one.
 * Sparse cells (most of a many-service cache) cost nothing extra: the per-second rows stay ≤ 6% of the items.
 */
export const DENSE_CELL_ITEMS = 1000;

/** Fields of a cell's per-second tallies, 4 per second: spans, errors, traces, logs. */
export const SPANS = 0;
export const ERRORS = 1;
export const TRACES = 2;
export const LOGS = 3;
const FIELDS = 4;

/**
 * One cell's per-second counts during a write (slot = second-of-minute × 4 + field). A cell new in this write starts
 * as a list of slots, so the many sparse cells of a many-service import cost a few bytes each; past 240 entries, or
 * at the first decrement, it becomes 240 counters.
 */
export class SecondTally {
  private slots: Uint8Array | null;
  private length = 0;
  private counts: Int32Array | null;

  constructor(asCounters: boolean) {
    this.counts = asCounters ? new Int32Array(60 * FIELDS) : null;
    this.slots = asCounters ? null : new Uint8Array(8);
  }

  count(ns: bigint, field: number, by: number): void {
    const slot = Math.floor(Number(ns % MINUTE_NS) / 1e9) * FIELDS + field;
    if (this.slots !== null && (by !== 1 || this.length === 60 * FIELDS)) this.counters();
    if (this.slots === null) {
      const counts = this.counts!;
      counts[slot] = counts[slot]! + by;
      return;
    }
    if (this.length === this.slots.length) {
      const grown = new Uint8Array(this.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[this.length++] = slot;
  }

  counters(): Int32Array {
    if (this.slots !== null) {
      const counts = new Int32Array(60 * FIELDS);
      for (let i = 0; i < this.length; i++) counts[this.slots[i]!]!++;
      this.counts = counts;
      this.slots = null;
    }
    return this.counts!;
  }
}

/**
 * service_seconds as the writer keeps it, inside its transaction: a cell is kept per second exactly when it has rows
 * there, and then they are exact. A write tallies per second the cells already kept and the cells new to the cache;
 * at flush, after its rows (spans, logs, trace_services) are in, a kept cell gets its deltas, a new cell that is
 * dense gets its counts, and an older cell that has just become dense is counted once from its rows, this write
 * included (through the (service, time) indexes: at most a minute of one service).
 */
export class ServiceSeconds {
  private readonly probe;
  private readonly upsert;
  private readonly fills;
  private readonly known;

  constructor(db: Db) {
    this.probe = db.prepare('SELECT 1 FROM service_seconds WHERE service = ? AND second BETWEEN ? AND ? LIMIT 1').pluck();
    this.known = db.prepare('SELECT 1 FROM service_minutes WHERE service = ? AND minute = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO service_seconds (service, second, spans, errors, traces, logs) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (service, second) DO UPDATE SET spans = spans + excluded.spans, errors = errors + excluded.errors,
         traces = traces + excluded.traces, logs = logs + excluded.logs`,
    );
    this.fills = [
      `INSERT INTO service_seconds (service, second, spans, errors)
         SELECT service, start_ns / 1000000000, count(*), sum(status_code = 2) FROM spans INDEXED BY spans_by_service_time
         WHERE service = @service AND start_ns BETWEEN @from AND @to GROUP BY 2`,
      `INSERT INTO service_seconds (service, second, traces)
         SELECT service, start_ns / 1000000000, count(*) FROM trace_services
         WHERE service = @service AND start_ns BETWEEN @from AND @to GROUP BY 2
         ON CONFLICT (service, second) DO UPDATE SET traces = excluded.traces`,
      `INSERT INTO service_seconds (service, second, logs)
         SELECT service, time_ns / 1000000000, count(*) FROM logs
         WHERE service = @service AND time_ns BETWEEN @from AND @to GROUP BY 2
         ON CONFLICT (service, second) DO UPDATE SET logs = excluded.logs`,
    ].map((sql) => db.prepare(sql));
  }

  /** How a write tallies a cell it first touches: per second if kept or new to the cache, else not (null). */
  startCell(service: string, minute: bigint): { kept: boolean; seconds: SecondTally | null } {
    if (this.known.get(service, minute) === undefined) return { kept: false, seconds: new SecondTally(false) };
    if (this.probe.get(service, minute * 60n, minute * 60n + 59n) !== undefined) return { kept: true, seconds: new SecondTally(true) };
    return { kept: false, seconds: null };
  }

  /** At flush, once service_minutes says the cell now holds `items`. */
  merge(service: string, minute: bigint, cell: { kept: boolean; seconds: SecondTally | null }, items: number): void {
    if (cell.kept || (cell.seconds !== null && items >= DENSE_CELL_ITEMS)) this.add(service, minute, cell.seconds!.counters());
    else if (items >= DENSE_CELL_ITEMS) this.fill(service, minute);
  }

  private add(service: string, minute: bigint, deltas: Int32Array): void {
    for (let s = 0; s < 60; s++) {
      const at = s * FIELDS;
      if (deltas[at] !== 0 || deltas[at + ERRORS] !== 0 || deltas[at + TRACES] !== 0 || deltas[at + LOGS] !== 0) {
        this.upsert.run(service, minute * 60n + BigInt(s), deltas[at], deltas[at + ERRORS], deltas[at + TRACES], deltas[at + LOGS]);
      }
    }
  }

  private fill(service: string, minute: bigint): void {
    const from = minute * MINUTE_NS;
    for (const fill of this.fills) fill.run({ service, from, to: from + MINUTE_NS - 1n });
  }
}

/**
 * Recounts service_seconds from the rows, for the dense cells of service_minutes (filled first), for files whose rows
 * arrived other than through the writer (a casefile's evidence is copied table to table, before its indexes are
 * built: so one pass over each table). The same statements as migration 21's fill. Minutes in `skip` are left out
 * (the caller fills them otherwise).
 */
export function rebuildServiceSeconds(db: Db, skip: readonly MinuteRange[] = []): void {
  const outside = skip.length === 0 ? '' : ` AND ${skip.map((r) => `minute NOT BETWEEN ${r.first} AND ${r.last}`).join(' AND ')}`;
  const dense = `(SELECT service, minute FROM service_minutes WHERE spans + traces + logs >= ${DENSE_CELL_ITEMS}${outside})`;
  db.exec(`
DELETE FROM service_seconds;
INSERT INTO service_seconds (service, second, spans, errors)
  SELECT service, start_ns / 1000000000, count(*), sum(status_code = 2) FROM spans
  WHERE (service, start_ns / 60000000000) IN ${dense} GROUP BY 1, 2;
INSERT INTO service_seconds (service, second, traces)
  SELECT service, start_ns / 1000000000, count(*) FROM trace_services
  WHERE (service, start_ns / 60000000000) IN ${dense} GROUP BY 1, 2
  ON CONFLICT (service, second) DO UPDATE SET traces = excluded.traces;
INSERT INTO service_seconds (service, second, logs)
  SELECT service, time_ns / 1000000000, count(*) FROM logs
  WHERE (service, time_ns / 60000000000) IN ${dense} GROUP BY 1, 2
  ON CONFLICT (service, second) DO UPDATE SET logs = excluded.logs;
`);
}
