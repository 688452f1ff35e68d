import type { FleetMetric } from '../../../shared/fleet/types.js';
import { spanMetricsConventions, type PrometheusOptions } from '../../../shared/sources.js';

/**
 * The PromQL a fleet question becomes (FORMATS.md §8): per service from the span metrics, counted on the service's
 * own server/consumer spans (as Jaeger's monitor tab does), and per edge from the service graph metrics. Latencies
 * come back in ms whatever unit the histogram is in.
 */
export interface FleetPromQuery {
  scope: 'service' | 'edge';
  metric: FleetMetric;
  promql: string;
  /** The labels naming the service (and, for an edge, the callee) in the answer. */
  labels: [string] | [string, string];
  /** Multiplies each value into the FleetMetric's unit. */
  scale: number;
}

const QUANTILES: [FleetMetric, number][] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

export function fleetPromQueries(options: PrometheusOptions, rangeSeconds: number): FleetPromQuery[] {
  const c = spanMetricsConventions(options);
  const range = `[${rangeSeconds}s]`;
  const kinds = `span_kind=~"${options.serverKinds.map(escapeRegex).join('|')}"`;
  const by = c.serviceLabel;
  const toMs = c.latencyUnit === 's' ? 1000 : 1;
  const queries: FleetPromQuery[] = [
    { scope: 'service', metric: 'rate', promql: `sum by (${by}) (rate(${c.callsMetric}{${kinds}}${range}))`, labels: [by], scale: 1 },
    {
      scope: 'service',
      metric: 'errors',
      promql: `sum by (${by}) (rate(${c.callsMetric}{${kinds}, status_code="${options.errorStatus}"}${range}))`,
      labels: [by],
      scale: 1,
    },
    ...QUANTILES.map(([metric, q]): FleetPromQuery => ({
      scope: 'service',
      metric,
      promql: `histogram_quantile(${q}, sum by (${by}, le) (rate(${c.latencyMetric}_bucket{${kinds}}${range})))`,
      labels: [by],
      scale: toMs,
    })),
  ];
  if (options.serviceGraph) {
    queries.push(
      { scope: 'edge', metric: 'rate', promql: `sum by (client, server) (rate(traces_service_graph_request_total${range}))`, labels: ['client', 'server'], scale: 1 },
      { scope: 'edge', metric: 'errors', promql: `sum by (client, server) (rate(traces_service_graph_request_failed_total${range}))`, labels: ['client', 'server'], scale: 1 },
      {
        scope: 'edge',
        metric: 'p95',
        promql: `histogram_quantile(0.95, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket${range})))`,
        labels: ['client', 'server'],
        scale: 1000,
      },
    );
  }
  return queries;
}

/** A label value inside a PromQL regex matcher: regex metacharacters escaped, then the string's own escaping. */
function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
}

export interface MatrixSeries {
  labels: Record<string, string>;
  /** One value per bucket (`bucketOf` placed each point); null where there was none, or NaN/±Inf. */
  values: (number | null)[];
}

/**
 * `data` of a query_range answer (`{resultType: "matrix", result: [{metric, values: [[t, "v"]]}]}`) → series with
 * their points in buckets (`bucketOf(t)`, -1 drops a point), or an Error saying what was wrong with it. Values are
 * strings because NaN and ±Inf occur (an empty histogram bucket gives NaN); they become null.
 */
export function parseMatrix(data: unknown, buckets: number, bucketOf: (t: number) => number, scale = 1): MatrixSeries[] | Error {
  if (data === null || typeof data !== 'object') return new Error('data is missing');
  const { resultType, result } = data as { resultType?: unknown; result?: unknown };
  if (resultType !== 'matrix') return new Error(`resultType is ${JSON.stringify(resultType)}, not "matrix"`);
  if (!Array.isArray(result)) return new Error('data.result is not a list');
  const series: MatrixSeries[] = [];
  for (const [i, item] of result.entries()) {
    const { metric, values } = (item ?? {}) as { metric?: unknown; values?: unknown };
    if (metric === null || typeof metric !== 'object' || !Array.isArray(values)) return new Error(`data.result[${i}] has no metric labels or values`);
    const bucketed = new Array<number | null>(buckets).fill(null);
    for (const point of values) {
      if (!Array.isArray(point) || typeof point[0] !== 'number' || typeof point[1] !== 'string') return new Error(`data.result[${i}].values holds ${JSON.stringify(point)}, not [time, "value"]`);
      const at = bucketOf(point[0]);
      if (at < 0 || at >= buckets) continue;
      const value = Number(point[1]);
      bucketed[at] = Number.isFinite(value) ? value * scale : null;
    }
    series.push({ labels: metric as Record<string, string>, values: bucketed });
  }
  return series;
}
