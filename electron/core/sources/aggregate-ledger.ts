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
  for (const s of answer.series) insert.run(loadId, s.scope, s.service, s.peer, s.metric, packValues(s.values, answer.buckets));
}

/** A cached fleet answer; null when the load is not an aggregates pull. */
export function readAggregates(db: Db, loadId: number): FleetAggregates | null {
  const head = db.prepare('SELECT source, start_ns, step_ns, buckets, events FROM aggregate_pulls WHERE load_id = ?').safeIntegers(true).get(loadId) as
    | { source: string; start_ns: bigint; step_ns: bigint; buckets: bigint; events: number }
    | undefined;
  if (head === undefined) return null;
  const rows = db.prepare('SELECT scope, service, peer, metric, vals FROM aggregate_series WHERE load_id = ?').all(loadId) as {
    scope: 'service' | 'edge';
    service: string;
    peer: string;
    metric: FleetMetric;
    vals: Buffer;
  }[];
  const series: FleetSeries[] = rows.map((r) => ({ scope: r.scope, service: r.service, peer: r.peer, metric: r.metric, values: unpackValues(r.vals) }));
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

/** Little-endian float32 per bucket, NaN for a missing value: 4 bytes a point (float32 keeps 7 significant digits). */
export function packValues(values: readonly (number | null)[], buckets: number): Buffer {
  const buffer = Buffer.alloc(buckets * 4);
  for (let i = 0; i < buckets; i++) {
    const v = values[i];
    buffer.writeFloatLE(v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v, i * 4);
  }
  return buffer;
}

export function unpackValues(buffer: Buffer): (number | null)[] {
  const values: (number | null)[] = [];
  for (let offset = 0; offset + 4 <= buffer.length; offset += 4) {
    const v = buffer.readFloatLE(offset);
    values.push(Number.isNaN(v) ? null : v);
  }
  return values;
}
