import { stepChange, type StepChange } from './step-change.js';
import type { FleetAggregates, FleetChangeKind, FleetMetric } from './types.js';

/**
 * The changes in each service's own series over a fleet answer: a rise in p95 latency, a rise in error ratio, a
 * surge or drop in requests. Only a change counts (an onset inside the window with enough buckets on each side);
 * a service that is slow or failing all along has no change and is not ranked.
 */
export interface SeriesChange extends StepChange {
  service: string;
  kind: FleetChangeKind;
}

/** Per service and edge, the series by metric: the grid every other step reads. */
export interface FleetGrid {
  buckets: number;
  services: Map<string, Partial<Record<FleetMetric, (number | null)[]>>>;
  edges: Map<string, { caller: string; callee: string; series: Partial<Record<FleetMetric, (number | null)[]>> }>;
}

export function fleetGrid(answer: FleetAggregates): FleetGrid {
  const grid: FleetGrid = { buckets: answer.buckets, services: new Map(), edges: new Map() };
  for (const s of answer.series) {
    if (s.scope === 'service') {
      const entry = grid.services.get(s.service) ?? {};
      entry[s.metric] ??= s.values;
      grid.services.set(s.service, entry);
    } else {
      const key = `${s.service}\u0000${s.peer}`;
      const entry = grid.edges.get(key) ?? { caller: s.service, callee: s.peer, series: {} };
      entry.series[s.metric] ??= s.values;
      grid.edges.set(key, entry);
      // A callee seen only as the server of an edge (no span metrics of its own) is still a service of the fleet.
      if (!grid.services.has(s.peer)) grid.services.set(s.peer, {});
      if (!grid.services.has(s.service)) grid.services.set(s.service, {});
    }
  }
  return grid;
}

/** Thresholds of a real change, per kind: how far (z), and how much in the metric's own terms. */
const MIN_Z = 5;
const LATENCY_RISE = 1.25;
const LATENCY_MIN_MS = 5;
/** An error ratio must rise by 2 points and by half of what it was: 5% → 7% is a wobble of a steadily failing service. */
const ERROR_RISE = 0.02;
const TRAFFIC_FACTOR = 1.5;
/** Most buckets after the onset must stand beyond the range before it: a step, not a wobble. */
const MIN_CONSISTENCY = 0.7;

export function serviceChanges(grid: FleetGrid): SeriesChange[] {
  const minSide = Math.max(3, Math.floor(grid.buckets / 10));
  const changes: SeriesChange[] = [];
  for (const [service, series] of grid.services) {
    const p95 = series.p95;
    if (p95 !== undefined) {
      const level = medianOf(p95);
      const step = stepChange(p95, { minSide, minSpread: Math.max(1, 0.05 * level) });
      if (step !== null && step.consistency >= MIN_CONSISTENCY && step.z >= MIN_Z && step.after >= step.before * LATENCY_RISE && step.after - step.before >= LATENCY_MIN_MS) {
        changes.push({ ...step, service, kind: 'latency' });
      }
    }
    const rate = series.rate;
    if (rate !== undefined) {
      const errors = series.errors;
      if (errors !== undefined) {
        const ratio = rate.map((r, i) => (r === null || r <= 0 ? null : Math.min(1, (errors[i] ?? 0) / r)));
        const step = stepChange(ratio, { minSide, minSpread: 0.003 });
        if (step !== null && step.consistency >= MIN_CONSISTENCY && step.z >= MIN_Z && step.after - step.before >= Math.max(ERROR_RISE, 0.5 * step.before)) changes.push({ ...step, service, kind: 'errors' });
      }
      const level = medianOf(rate);
      const step = stepChange(rate, { minSide, minSpread: Math.max(0.01, 0.05 * level) });
      if (step !== null && step.consistency >= MIN_CONSISTENCY && Math.abs(step.z) >= MIN_Z + 1 && step.before > 0) {
        const factor = step.after / step.before;
        if (factor >= TRAFFIC_FACTOR || factor <= 1 / TRAFFIC_FACTOR) changes.push({ ...step, z: Math.abs(step.z), service, kind: 'traffic' });
      }
    }
    const errorLogs = series.errorLogs;
    if (errorLogs !== undefined) {
      // Error lines per second: a change is at least a doubling and a line every ten seconds more.
      const level = medianOf(errorLogs);
      const step = stepChange(errorLogs, { minSide, minSpread: Math.max(0.02, 0.1 * level) });
      if (step !== null && step.consistency >= MIN_CONSISTENCY && step.z >= MIN_Z && step.after >= 2 * step.before + 0.1) changes.push({ ...step, service, kind: 'error-logs' });
    }
  }
  return changes;
}

export function medianOf(values: readonly (number | null)[]): number {
  const xs = Float64Array.from(values.filter((v): v is number => v !== null && Number.isFinite(v))).sort();
  if (xs.length === 0) return 0;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}
