import type { SloStatus } from '../../../../shared/slo/types.js';
import type { Db } from '../../db/open-database.js';
import { sloStatuses } from '../../queries/slo-status.js';
import { readSlos } from '../../slo/slo-store.js';
import { isoNs } from './times.js';

/** One SLO as a report row: every field already in words, so the HTML and the Markdown say the same. */
export interface ReportSlo {
  name: string;
  flow: string;
  objective: string;
  compliance: string;
  budgetLeft: string;
  burn1h: string;
  /** "page since 2026-11-20T14:00:00.000Z", "ticket …", or "none". */
  alerts: string;
  /** Qualifiers a reader must know: estimated from samples, minutes without events. */
  caveats: string[];
}

/**
 * The casefile's SLOs as they stood over its evidence (from the first span to the last): "at the time of the
 * incident", whatever the SLO does today. Read from the casefile's own slo_minutes; empty when it holds no SLO.
 */
export function reportSlos(db: Db): ReportSlo[] {
  const slos = readSlos(db);
  if (slos.length === 0) return [];
  const extent = db.prepare('SELECT min(start_ns) AS first, max(end_ns) AS last FROM spans').safeIntegers(true).get() as { first: bigint | null; last: bigint | null };
  const window = extent.first === null || extent.last === null ? {} : { startNs: extent.first.toString(), endNs: extent.last.toString() };
  return sloStatuses(db, slos, window).map(reportRow);
}

function reportRow(status: SloStatus): ReportSlo {
  const { slo } = status;
  const o = slo.objective;
  const target = `${+(o.target * 100).toFixed(4)}%`;
  const failure = o.kind === 'latency' ? '' : o.bad === 'error' ? 'succeed' : o.bad === 'http-5xx' ? 'not HTTP 5xx' : `not ${o.bad.key} ${o.bad.op} ${o.bad.value}`;
  const fired = status.alerts.filter((a) => a.firedAtNs.length > 0).map((a) => `${a.name} since ${isoNs(BigInt(a.firedAtNs[0]!))}`);
  const caveats = [
    status.estimated ? 'estimated from sampled spans' : '',
    status.gapMinutes > 0 ? `${status.gapMinutes} minutes without events (gaps, not counted as good)` : '',
  ].filter(Boolean);
  return {
    name: slo.name,
    flow: slo.operation === undefined ? slo.service : `${slo.service}: ${slo.operation}`,
    objective: `${o.kind === 'latency' ? `${target} under ${o.thresholdMs} ms` : `${target} ${failure}`} over ${slo.periodDays} days`,
    compliance: share(status.compliance),
    budgetLeft: share(status.budgetRemaining),
    burn1h: status.burnRate1h === null ? '—' : `${status.burnRate1h >= 10 ? status.burnRate1h.toFixed(0) : status.burnRate1h.toFixed(1)}×`,
    alerts: fired.length === 0 ? 'none' : fired.join('; '),
    caveats,
  };
}

function share(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(value > 0.999 && value < 1 ? 3 : 1)}%`;
}
