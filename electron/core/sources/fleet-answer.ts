import type { FleetAggregates, FleetSeries } from '../../../shared/fleet/types.js';
import type { TimeWindow } from './connector.js';

/** A connector's fleet answer as the ledger keeps it; `events` is the requests its service rates add up to. */
export function fleetAnswer(source: string, window: TimeWindow, stepNs: bigint, buckets: number, series: FleetSeries[]): FleetAggregates {
  const stepSeconds = Number(stepNs) / 1e9;
  let events = 0;
  for (const s of series) if (s.scope === 'service' && s.metric === 'rate') for (const v of s.values) events += (v ?? 0) * stepSeconds;
  return { source, startNs: window.startNs.toString(), stepNs: stepNs.toString(), buckets, events: Math.round(events), series };
}

/** Whole-millisecond buckets over the window, for backends that take ms (Elasticsearch, jaeger-query). */
export function msBuckets(window: TimeWindow, buckets: number): { startMs: number; stepMs: number; stepNs: bigint } {
  const startMs = Number(window.startNs / 1_000_000n);
  const stepMs = Math.floor((Number(window.endNs / 1_000_000n) - startMs) / buckets);
  return { startMs, stepMs, stepNs: BigInt(stepMs) * 1_000_000n };
}
