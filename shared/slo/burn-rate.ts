import type { BurnAlert, SloDefinition, SloMinute, SloStatus } from './types.js';

const MINUTE_NS = 60_000_000_000n;

/** The SRE workbook's multi-window, multi-burn-rate pairs (chapter "Alerting on SLOs"). */
export const BURN_ALERTS = [
  { name: 'page', longMinutes: 60, shortMinutes: 5, factor: 14.4 },
  { name: 'ticket', longMinutes: 360, shortMinutes: 30, factor: 6 },
] as const;

/** Sums over trailing windows of per-minute counts, in O(1) per minute (prefix sums). */
class Prefix {
  private readonly total: Float64Array;
  private readonly bad: Float64Array;
  constructor(events: Float64Array, bad: Float64Array) {
    this.total = new Float64Array(events.length + 1);
    this.bad = new Float64Array(events.length + 1);
    for (let i = 0; i < events.length; i++) {
      this.total[i + 1] = this.total[i]! + events[i]!;
      this.bad[i + 1] = this.bad[i]! + bad[i]!;
    }
  }
  /** Bad share over the `minutes` ending with minute index `i` (inclusive); null without events. */
  badShare(i: number, minutes: number): number | null {
    const from = Math.max(0, i + 1 - minutes);
    const total = this.total[i + 1]! - this.total[from]!;
    return total > 0 ? (this.bad[i + 1]! - this.bad[from]!) / total : null;
  }
  sums(from: number, to: number): { total: number; bad: number } {
    return { total: this.total[to]! - this.total[from]!, bad: this.bad[to]! - this.bad[from]! };
  }
}

/**
 * An SLO's status over a window from its per-minute good/bad counts: compliance, the error budget left over the
 * period that ends with the window, burn rates, and the moments each multi-window alert began to hold. Minutes with
 * no events are gaps: they count as neither good nor bad, and the series shows them as null.
 */
export function sloStatus(slo: SloDefinition, minutes: SloMinute[], window: { startNs: bigint; endNs: bigint }, estimated: boolean): SloStatus {
  const allowed = 1 - slo.objective.target;
  const lastMinute = Number(window.endNs / MINUTE_NS);
  const firstWindowMinute = Number(window.startNs / MINUTE_NS);
  const periodMinutes = slo.periodDays * 1440;
  // The series starts early enough that the 6 h burn rate of the window's first minute sees its 6 hours.
  const firstMinute = Math.min(firstWindowMinute - 360, lastMinute - periodMinutes + 1);
  const length = lastMinute - firstMinute + 1;
  const events = new Float64Array(length);
  const bad = new Float64Array(length);
  for (const m of minutes) {
    const i = m.minute - firstMinute;
    if (i < 0 || i >= length) continue;
    events[i] = m.total;
    bad[i] = m.bad;
  }
  const prefix = new Prefix(events, bad);
  const periodStart = lastMinute - periodMinutes + 1 - firstMinute;
  const windowStart = firstWindowMinute - firstMinute;

  const series: SloStatus['series'] = [];
  const alerts: BurnAlert[] = BURN_ALERTS.map((a) => ({ ...a, firedAtNs: [], firing: false }));
  let gapMinutes = 0;
  for (let i = windowStart; i < length; i++) {
    const burn = (m: number) => {
      const share = prefix.badShare(i, m);
      return share === null ? null : share / allowed;
    };
    alerts.forEach((alert) => {
      const long = burn(alert.longMinutes);
      const short = burn(alert.shortMinutes);
      const holds = long !== null && short !== null && long > alert.factor && short > alert.factor;
      if (holds && !alert.firing) alert.firedAtNs.push(minuteNs(firstMinute + i));
      alert.firing = holds;
    });
    if (events[i] === 0) gapMinutes++;
    const spent = prefix.sums(Math.max(periodStart, 0), i + 1);
    series.push({
      startNs: minuteNs(firstMinute + i),
      events: events[i]!,
      bad: bad[i]!,
      burn1h: burn(60),
      burn6h: burn(360),
      budgetRemaining: events[i] === 0 || spent.total === 0 ? null : 1 - spent.bad / (spent.total * allowed),
    });
  }
  const inWindow = prefix.sums(windowStart, length);
  const inPeriod = prefix.sums(Math.max(periodStart, 0), length);
  const lastBurn = prefix.badShare(length - 1, 60);
  return {
    slo,
    window: { startNs: window.startNs.toString(), endNs: window.endNs.toString() },
    period: { startNs: minuteNs(firstMinute + Math.max(periodStart, 0)), endNs: window.endNs.toString() },
    events: inWindow.total,
    badEvents: inWindow.bad,
    compliance: inWindow.total > 0 ? 1 - inWindow.bad / inWindow.total : null,
    budgetRemaining: inPeriod.total > 0 ? 1 - inPeriod.bad / (inPeriod.total * allowed) : null,
    periodEvents: inPeriod.total,
    periodBadEvents: inPeriod.bad,
    burnRate1h: lastBurn === null ? null : lastBurn / allowed,
    alerts,
    estimated,
    gapMinutes,
    series,
  };
}

function minuteNs(minute: number): string {
  return (BigInt(minute) * MINUTE_NS).toString();
}
