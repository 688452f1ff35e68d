import type { FleetMetric } from '../../../../shared/fleet/types.js';
import { histogramQuantile, type FleetModel } from './fleet-model.js';

const BOUNDS = 17;

/**
 * The fleet model's series as span metrics and service graph metrics would give them: per service rate, errors
 * and p50/p95/p99 (ms, through Prometheus's histogram_quantile), per edge rate, errors and the callee's p95.
 */
export interface ModelSeries {
  scope: 'service' | 'edge';
  service: string;
  peer: string;
  metric: FleetMetric;
  values: (number | null)[];
}

const QUANTILE: Partial<Record<FleetMetric, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

export function serviceSeries(model: FleetModel, metric: FleetMetric): ModelSeries[] {
  return model.names.map((service, s) => ({
    scope: 'service' as const,
    service,
    peer: '',
    metric,
    values: Array.from({ length: model.buckets }, (_, b) => {
      if (metric === 'rate') return model.rate[b]![s]!;
      if (metric === 'errors') return model.errors[b]![s]!;
      return histogramQuantile(QUANTILE[metric]!, model.histogram[b]!, s * BOUNDS);
    }),
  }));
}

export function edgeSeries(model: FleetModel, metric: 'rate' | 'errors' | 'p95'): ModelSeries[] {
  return model.calls.map((call) => ({
    scope: 'edge' as const,
    service: model.names[call.caller]!,
    peer: model.names[call.callee]!,
    metric,
    values: Array.from({ length: model.buckets }, (_, b) => {
      const calls = model.rate[b]![call.caller]! * call.perRequest;
      const callee = model.rate[b]![call.callee]!;
      if (metric === 'rate') return calls;
      if (metric === 'errors') return callee > 0 ? (calls * model.errors[b]![call.callee]!) / callee : 0;
      return histogramQuantile(0.95, model.histogram[b]!, call.callee * BOUNDS);
    }),
  }));
}

export function allSeries(model: FleetModel): ModelSeries[] {
  return [
    ...(['rate', 'errors', 'p50', 'p95', 'p99'] as const).flatMap((m) => serviceSeries(model, m)),
    ...(['rate', 'errors', 'p95'] as const).flatMap((m) => edgeSeries(model, m)),
  ];
}
