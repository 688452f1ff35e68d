import type { OperationStats, ServiceOperations } from '../../../shared/graph-types.js';
import { percentile } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';

const NS_PER_S = 1e9;
/** Spans that start work in a service: what it serves, as opposed to what it calls. */
const ENTRY_KINDS = '(2, 5)';

interface Tally {
  durations: number[];
  errors: number;
}

/**
 * RED figures (rate, errors, duration percentiles) per operation of one service: its server and consumer spans by
 * name, or every span by name when the service has none of those (a batch job, a service seen only as a client).
 */
export function serviceOperations(db: Db, service: string, window: { startNs?: string; endNs?: string }): ServiceOperations {
  const params = { service, start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) };
  let basis: ServiceOperations['basis'] = 'entry';
  let rows = read(db, params, `AND kind IN ${ENTRY_KINDS}`);
  if (rows.length === 0) {
    basis = 'all';
    rows = read(db, params, '');
  }
  const byName = new Map<string, Tally>();
  let first: bigint | null = null;
  let last: bigint | null = null;
  for (const [name, status, start, duration] of rows) {
    let tally = byName.get(name);
    if (tally === undefined) {
      tally = { durations: [], errors: 0 };
      byName.set(name, tally);
    }
    // A duration fits a double exactly (2^53 ns is 104 days); only absolute times need BigInt.
    tally.durations.push(Number(duration));
    if (status === 2n) tally.errors++;
    if (first === null || start < first) first = start;
    if (last === null || start > last) last = start;
  }
  const windowStart = window.startNs !== undefined ? BigInt(window.startNs) : first;
  const windowEnd = window.endNs !== undefined ? BigInt(window.endNs) : last;
  const seconds = windowStart !== null && windowEnd !== null ? Number(windowEnd - windowStart) / NS_PER_S : 0;
  const operations = [...byName].map(([name, tally]) => stats(name, tally, seconds));
  operations.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { service, basis, operations };
}

type Row = [name: string, status: bigint, start: bigint, duration: bigint];

function read(db: Db, params: { service: string; start: bigint; end: bigint }, kindFilter: string): Row[] {
  return db
    .prepare(
      `SELECT name, status_code, start_ns, end_ns - start_ns FROM spans
       WHERE service = @service AND start_ns BETWEEN @start AND @end ${kindFilter}`,
    )
    .raw(true)
    .safeIntegers(true)
    .all(params) as Row[];
}

function stats(name: string, tally: Tally, seconds: number): OperationStats {
  const sorted = Float64Array.from(tally.durations).sort();
  const count = sorted.length;
  return {
    name,
    count,
    errorCount: tally.errors,
    errorRate: tally.errors / count,
    ratePerSecond: seconds > 0 ? count / seconds : null,
    p50Ns: percentile(sorted, 0.5),
    p95Ns: percentile(sorted, 0.95),
    p99Ns: percentile(sorted, 0.99),
  };
}
