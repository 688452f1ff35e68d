import type { FleetAggregates, FleetMetric, FleetSeries } from '../../../shared/fleet/types.js';
import type { Db } from '../db/open-database.js';
import { ns } from '../queries/rows.js';

/** The aggregates half of the pull ledger (migration 18): a fleet answer, its series packed per row. */

/** Inside the pull's transaction, beside its ledger row. */
export function recordAggregates(db: Db, loadId: number, answer: FleetAggregates): void {
  db.prepare('INSERT INTO aggregate_pulls (load_id, source, start_ns, step_ns, buckets, events) VALUES (?, ?, ?, ?, ?, ?)').run(
    loadId,
    answer.source,
    BigInt(answer.startNs),
    BigInt(answer.stepNs),
    answer.buckets,
    answer.events,
  );
  const insert = db.prepare('INSERT OR REPLACE INTO aggregate_series (load_id, scope, service, peer, metric, vals) VALUES (?, ?, ?, ?, ?, ?)');
  // In key order, each row lands at the end of the table's b-tree rather than in the middle of it.
  const inKeyOrder = [...answer.series].sort((a, b) => compare(a.scope, b.scope) || compare(a.service, b.service) || compare(a.peer, b.peer) || compare(a.metric, b.metric));
  for (const s of inKeyOrder) insert.run(loadId, s.scope, s.service, s.peer, s.metric, packValues(s.values, answer.buckets));
}

/** Which series of an answer to read: some metrics, or one service's own series and its edges either way (all by default). */
export interface SeriesFilter {
  metrics?: readonly FleetMetric[];
  service?: string;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A cached fleet answer, its series as filtered; null when the load is not an aggregates pull. */
export function readAggregates(db: Db, loadId: number, filter: SeriesFilter = {}): FleetAggregates | null {
  const { metrics, service } = filter;
  const head = db.prepare('SELECT source, start_ns, step_ns, buckets, events FROM aggregate_pulls WHERE load_id = ?').safeIntegers(true).get(loadId) as
    | { source: string; start_ns: bigint; step_ns: bigint; buckets: bigint; events: number }
    | undefined;
  if (head === undefined) return null;
  const wanted = metrics === undefined ? '' : ` AND metric IN (${metrics.map((m) => `'${m}'`).join(', ')})`;
  const of = service === undefined ? '' : ' AND (service = @service OR peer = @service)';
  const rows = db.prepare(`SELECT scope, service, peer, metric, vals FROM aggregate_series WHERE load_id = @loadId${wanted}${of}`).raw().all({ loadId, service }) as [
    'service' | 'edge',
    string,
    string,
    FleetMetric,
    Buffer,
  ][];
  const series: FleetSeries[] = rows.map(([scope, service, peer, metric, vals]) => ({ scope, service, peer, metric, values: unpackValues(vals) }));
  return { source: head.source, startNs: ns(head.start_ns), stepNs: ns(head.step_ns), buckets: Number(head.buckets), events: Number(head.events), series };
}

/** Summary of a fleet answer for a PullJob: its window and size, not its series. */
export function aggregatesSummary(db: Db, loadId: number): { startNs: string; endNs: string; buckets: number; events: number; series: number } | null {
  const row = db
    .prepare('SELECT start_ns, step_ns, buckets, events, (SELECT count(*) FROM aggregate_series s WHERE s.load_id = p.load_id) AS series FROM aggregate_pulls p WHERE load_id = ?')
    .safeIntegers(true)
    .get(loadId) as { start_ns: bigint; step_ns: bigint; buckets: bigint; events: number; series: bigint } | undefined;
  if (row === undefined) return null;
  return { startNs: ns(row.start_ns), endNs: ns(row.start_ns + row.step_ns * row.buckets), buckets: Number(row.buckets), events: Number(row.events), series: Number(row.series) };
}

/**
 * Little-endian float32 per bucket, NaN for a missing value: 4 bytes a point (float32 keeps 7 significant digits).
 * Written through a Float32Array, whose byte order is the machine's: every platform Electron ships for is
 * little-endian, and the check below refuses to write otherwise rather than write a file other machines misread.
 */
const LITTLE_ENDIAN = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

export function packValues(values: readonly (number | null)[], buckets: number): Buffer {
  if (!LITTLE_ENDIAN) throw new Error('fleet aggregates are stored little-endian; this machine is big-endian');
  const floats = new Float32Array(buckets).fill(Number.NaN);
  for (let i = 0; i < buckets; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) floats[i] = v;
  }
  return Buffer.from(floats.buffer);
}

export function unpackValues(buffer: Buffer): (number | null)[] {
  if (!LITTLE_ENDIAN) throw new Error('fleet aggregates are stored little-endian; this machine is big-endian');
  // A copy, aligned: SQLite's blob may start at any byte offset.
  const floats = new Float32Array(new Uint8Array(buffer).buffer, 0, buffer.length >> 2);
  const values = new Array<number | null>(floats.length);
  for (let i = 0; i < floats.length; i++) {
    const v = floats[i]!;
    values[i] = Number.isNaN(v) ? null : v;
  }
  return values;
}
