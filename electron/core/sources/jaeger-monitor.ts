import type { FleetMetric, FleetQuery, FleetSeries } from '../../../shared/fleet/types.js';
import { isObject } from '../../../shared/formats/values.js';
import type { TimeWindow } from './connector.js';
import { msBuckets } from './fleet-answer.js';
import type { SourceHttpClient } from './http-client.js';

/**
 * Fleet aggregates from jaeger-query's monitor API (FORMATS.md §9), the Monitor tab's own calls over the span metrics
 * behind it: call rate, error share and p50/p95/p99 latency per service. Times and durations go in ms; `service`
 * repeats, so the services are asked in batches that keep the URL short. A jaeger-query whose monitor is off says so
 * (HTTP 501, or "metrics querying is currently disabled"): the pull fails with that, naming the source.
 */
const SERVICES_PER_REQUEST = 50;
const SPAN_KINDS = ['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER'];

interface Ask {
  path: 'calls' | 'errors' | 'latencies';
  quantile?: number;
  metric: FleetMetric;
}

const ASKS: Ask[] = [
  { path: 'calls', metric: 'rate' },
  { path: 'errors', metric: 'errors' },
  { path: 'latencies', quantile: 0.5, metric: 'p50' },
  { path: 'latencies', quantile: 0.95, metric: 'p95' },
  { path: 'latencies', quantile: 0.99, metric: 'p99' },
];

export async function jaegerMonitorAggregates(http: SourceHttpClient, services: readonly string[], query: FleetQuery, window: TimeWindow, signal: AbortSignal): Promise<FleetSeries[]> {
  const { startMs, stepMs } = msBuckets(window, query.buckets);
  if (stepMs < 1000) throw http.error('config', null, `${query.buckets} buckets over this window are shorter than a second; ask for fewer`);
  // A rate evaluated at t covers the step before it: the point at the window's start belongs before the window.
  const bucketOf = (t: number) => Math.round((t - startMs) / stepMs) - 1;
  const series: FleetSeries[] = [];
  for (let at = 0; at < services.length; at += SERVICES_PER_REQUEST) {
    const batch = services.slice(at, at + SERVICES_PER_REQUEST);
    const byService = new Map<string, Partial<Record<FleetMetric, (number | null)[]>>>();
    for (const ask of ASKS) {
      const response = await http.json(`/api/metrics/${ask.path}`, {
        signal,
        passStatuses: [501],
        query: {
          service: batch,
          spanKind: SPAN_KINDS,
          endTs: String(startMs + stepMs * query.buckets),
          lookback: String(stepMs * query.buckets),
          step: String(stepMs),
          ratePer: String(stepMs),
          ...(ask.quantile === undefined ? {} : { quantile: String(ask.quantile) }),
        },
      });
      if (response.status === 501) throw http.error('response', response.request, `jaeger-query's monitor API is off (501 Not Implemented: ${response.text.trim().slice(0, 200)}); start it with a metrics backend, or add the Prometheus behind it as a source`);
      const read = readMetricFamily(response.body, query.buckets, bucketOf);
      if (read instanceof Error) throw http.error('response', response.request, `answered with JSON that is not a monitor MetricFamily: ${read.message}`);
      for (const [service, values] of read) byService.set(service, { ...byService.get(service), [ask.metric]: values });
    }
    for (const [service, metrics] of byService) {
      const rate = metrics.rate;
      for (const [metric, values] of Object.entries(metrics) as [FleetMetric, (number | null)[]][]) {
        // The monitor answers errors as a share of calls; the fleet keeps failed requests per second.
        const perSecond = metric === 'errors' ? values.map((share, i) => (share === null || rate?.[i] == null ? null : share * rate[i]!)) : values;
        series.push({ scope: 'service', service, peer: '', metric, values: perSecond });
      }
    }
  }
  return series;
}

/** `{metrics: [{labels: [{name, value}], metricPoints: [{gaugeValue: {doubleValue}, timestamp}]}]}` → values by service. */
export function readMetricFamily(body: unknown, buckets: number, bucketOf: (ms: number) => number): Map<string, (number | null)[]> | Error {
  if (!isObject(body) || !Array.isArray(body.metrics)) return new Error('no metrics list');
  const out = new Map<string, (number | null)[]>();
  for (const metric of body.metrics) {
    if (!isObject(metric) || !Array.isArray(metric.labels) || !Array.isArray(metric.metricPoints)) return new Error('a metric without labels or metricPoints');
    const label = metric.labels.find((l) => isObject(l) && l.name === 'service_name');
    if (!isObject(label) || typeof label.value !== 'string') continue;
    const values = new Array<number | null>(buckets).fill(null);
    for (const point of metric.metricPoints) {
      if (!isObject(point) || typeof point.timestamp !== 'string') return new Error('a metric point without a timestamp');
      const ms = Date.parse(point.timestamp);
      if (Number.isNaN(ms)) return new Error(`a metric point's timestamp ${JSON.stringify(point.timestamp)} is not RFC 3339`);
      const at = bucketOf(ms);
      if (at < 0 || at >= buckets) continue;
      const raw = isObject(point.gaugeValue) ? point.gaugeValue.doubleValue : undefined;
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
      values[at] = Number.isFinite(value) ? value : null;
    }
    out.set(label.value, values);
  }
  return out;
}
