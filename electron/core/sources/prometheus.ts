import type { FleetSeries } from '../../../shared/fleet/types.js';
import { isObject } from '../../../shared/formats/values.js';
import { spanMetricsConventions } from '../../../shared/sources.js';
import type { ConnectorFactory } from './connector.js';
import type { Query } from './http-client.js';
import { keysOf } from './jaeger.js';
import { stringList } from './query-units.js';
import { fleetAnswer } from './fleet-answer.js';
import { ScannedMatrix, scanMatrix } from './matrix-scanner.js';
import { fleetPromQueries, parseMatrix, type FleetPromQuery } from './span-metrics-queries.js';

/** Below this a rate() over one bucket would see fewer than the 2 samples it needs at a common 15-30 s scrape. */
const MIN_RANGE_SECONDS = 60;

/**
 * Prometheus (or any store answering its HTTP API: Mimir, Thanos, VictoriaMetrics) holding span metrics (FORMATS.md
 * §8). It has no spans: it answers fleet questions (per service and edge, over time buckets) with a handful of
 * query_range calls, each one aggregate over everything the Collector or Tempo counted.
 */
export const prometheusConnector: ConnectorFactory<'prometheus'> = ({ config, http }) => {
  const conventions = spanMetricsConventions(config.options);

  /**
   * `{status: "success"|"warning", data}`; "error" and other shapes are refused naming the request. With `parse`, a
   * query_range answer comes back as a ScannedMatrix (its envelope checked here) when the scanner could read it.
   */
  async function api(path: string, query: Query, signal: AbortSignal, warn?: (message: string) => void, parse?: (text: string) => unknown): Promise<unknown> {
    const response = await http.json(path, { signal, query, parse });
    const scanned = response.body instanceof ScannedMatrix ? response.body : null;
    const body = scanned?.envelope ?? response.body;
    if (!isObject(body) || (body.status !== 'success' && body.status !== 'warning' && body.status !== 'error')) {
      throw http.error('response', response.request, `answered with JSON that is not a Prometheus API response ${keysOf(body)}; is this Prometheus's HTTP API (port 9090)?`);
    }
    if (body.status === 'error') throw http.error('response', response.request, `Prometheus refused the query: ${String(body.errorType ?? 'error')}: ${String(body.error ?? '')}`);
    for (const warning of stringList(body.warnings ?? []) ?? []) warn?.(`Prometheus: ${warning}`);
    return scanned ?? body.data;
  }

  async function labelValues(label: string, match: string, signal: AbortSignal): Promise<string[]> {
    const data = await api(`/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': [match] }, signal);
    const values = stringList(data);
    if (values === null) throw http.error('response', `/api/v1/label/${label}/values`, 'answered with data that is not a list of label values');
    return values.sort();
  }

  return {
    async check({ signal }) {
      const names = await labelValues('__name__', `{__name__=~"${conventions.callsMetric}|traces_service_graph_request_total"}`, signal);
      if (!names.includes(conventions.callsMetric)) {
        throw http.error(
          'response',
          '/api/v1/label/__name__/values',
          `has no series named ${conventions.callsMetric}; span metrics written by ${config.options.spanMetrics === 'tempo' ? "Tempo's metrics-generator" : "the Collector's spanmetrics connector"} were expected (set the preset or --calls-metric)`,
        );
      }
      const graph = names.includes('traces_service_graph_request_total') ? ', service graph metrics' : ', no service graph metrics (edges will be missing)';
      return `Prometheus API: span metrics ${conventions.callsMetric}${graph}`;
    },

    listServices: ({ signal }) => labelValues(conventions.serviceLabel, conventions.callsMetric, signal),

    listOperations: (service, { signal }) => labelValues('span_name', `${conventions.callsMetric}{${conventions.serviceLabel}="${promString(service)}"}`, signal),

    async aggregates(query, window, out, { signal }) {
      const stepNs = (window.endNs - window.startNs) / BigInt(query.buckets);
      if (stepNs < 1_000_000_000n) throw http.error('config', null, `${query.buckets} buckets over this window are shorter than a second; ask for fewer`);
      const stepSeconds = Number(stepNs) / 1e9;
      const firstEval = Number(window.startNs + stepNs) / 1e9;
      const range = Math.max(MIN_RANGE_SECONDS, Math.ceil(stepSeconds));
      const bucketOf = (t: number) => Math.round((t - firstEval) / stepSeconds);
      const ask = async (q: FleetPromQuery): Promise<FleetSeries[]> => {
        const request = { query: q.promql, start: firstEval.toFixed(3), end: (firstEval + stepSeconds * (query.buckets - 1)).toFixed(3), step: stepSeconds.toFixed(3) };
        const scan = (text: string) => scanMatrix(text, query.buckets, bucketOf, q.scale) ?? JSON.parse(text);
        const data = await api('/api/v1/query_range', request, signal, (m) => out.warn(m), scan);
        const matrix = data instanceof ScannedMatrix ? data.series : parseMatrix(data, query.buckets, bucketOf, q.scale);
        if (matrix instanceof Error) throw http.error('response', `/api/v1/query_range ${q.promql}`, `answered with a result that is not a Prometheus matrix: ${matrix.message}`);
        return matrix.flatMap((m) => {
          const service = m.labels[q.labels[0]];
          const peer = q.labels.length === 2 ? m.labels[q.labels[1]] : '';
          return service === undefined || peer === undefined ? [] : [{ scope: q.scope, service, peer, metric: q.metric, values: m.values }];
        });
      };
      // Two queries in flight: one answer is parsed while the next is computed and sent. Answers keep query order.
      const queries = fleetPromQueries(config.options, range);
      const answers: FleetSeries[][] = new Array<FleetSeries[]>(queries.length);
      let next = 0;
      const worker = async () => {
        while (next < queries.length) {
          const at = next++;
          answers[at] = await ask(queries[at]!);
        }
      };
      await Promise.all([worker(), worker()]);
      out.aggregates(fleetAnswer(config.name, window, stepNs, query.buckets, answers.flat()));
    },
  };
};

/** A value inside a PromQL double-quoted string. */
function promString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
