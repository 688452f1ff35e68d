import { sloStatus } from '../../../shared/slo/burn-rate.js';
import type { SloDefinition, SloMinute, SloStatus } from '../../../shared/slo/types.js';
import type { Db } from '../db/open-database.js';

const MINUTE_NS = 60_000_000_000n;

/**
 * Each SLO's status over the window (default: the span of its own cached events) from its minutes in slo_minutes,
 * which the writer keeps as data arrives: the cost follows the minutes of the period, not the spans behind them.
 */
export function sloStatuses(db: Db, slos: SloDefinition[], window: { startNs?: string; endNs?: string }): SloStatus[] {
  const bounds = db.prepare('SELECT min(minute) AS first, max(minute) AS last FROM slo_minutes WHERE slo = ?').safeIntegers(true);
  const read = db.prepare('SELECT minute, total, bad, weighted FROM slo_minutes WHERE slo = ? AND minute BETWEEN ? AND ? ORDER BY minute').safeIntegers(true);
  return slos.map((slo) => {
    const own = bounds.get(slo.name) as { first: bigint | null; last: bigint | null };
    const fallbackEnd = own.last === null ? BigInt(Date.now()) * 1_000_000n : (own.last + 1n) * MINUTE_NS - 1n;
    const end = window.endNs !== undefined ? BigInt(window.endNs) : fallbackEnd;
    const start = window.startNs !== undefined ? BigInt(window.startNs) : own.first === null ? end - 60n * MINUTE_NS + 1n : own.first * MINUTE_NS;
    const lastMinute = end / MINUTE_NS;
    const firstNeeded = [start / MINUTE_NS - 360n, lastMinute - BigInt(slo.periodDays * 1440) + 1n].reduce((a, b) => (a < b ? a : b));
    let estimated = false;
    const minutes: SloMinute[] = (read.all(slo.name, firstNeeded, lastMinute) as { minute: bigint; total: number; bad: number; weighted: bigint }[]).map((row) => {
      if (row.weighted !== 0n) estimated = true;
      return { minute: Number(row.minute), total: Number(row.total), bad: Number(row.bad) };
    });
    return sloStatus(slo, minutes, { startNs: start, endNs: end }, estimated);
  });
}
