import type { FleetMetric, FleetQuery, FleetSeries } from '../../../shared/fleet/types.js';
import { isObject } from '../../../shared/formats/values.js';
import type { PullOutput, TimeWindow } from './connector.js';
import type { SourceHttpClient } from './http-client.js';
import { stringList } from './query-units.js';
import { ScannedMatrix, scanMatrix } from './matrix-scanner.js';
import { parseMatrix } from './span-metrics-queries.js';

/**
 * Fleet aggregates from Loki (FORMATS.md §6): per service, the log lines and the error lines of each bucket, from
 * LogQL metric queries Loki evaluates over every stream (`count_over_time` summed by the service label), as a rate
 * per second. Error lines are those whose `level` label, or the `detected_level` Loki 3 finds, says error, fatal or
 * critical. The answer is a matrix like Prometheus's (values as strings, unix seconds), read by the same scanner.
 */
const ERROR_LEVELS = '(?i)(error|fatal|critical|crit|err)';

export async function lokiAggregates(http: SourceHttpClient, serviceLabel: string, query: FleetQuery, window: TimeWindow, out: PullOutput, signal: AbortSignal): Promise<FleetSeries[]> {
  const stepNs = (window.endNs - window.startNs) / BigInt(query.buckets);
  if (stepNs < 1_000_000_000n) throw http.error('config', null, `${query.buckets} buckets over this window are shorter than a second; ask for fewer`);
  const stepSeconds = Number(stepNs) / 1e9;
  const range = `[${Math.round(stepSeconds)}s]`;
  const selector = `{${serviceLabel}=~".+"}`;
  const queries: [FleetMetric, string][] = [
    ['logs', `sum by (${serviceLabel}) (count_over_time(${selector} ${range}))`],
    ['errorLogs', `sum by (${serviceLabel}) (count_over_time(${selector} | level=~"${ERROR_LEVELS}" or detected_level=~"${ERROR_LEVELS}" ${range}))`],
  ];
  // A count over a bucket is evaluated at its end; Loki reads start/end as ns and step as seconds.
  const firstEvalNs = window.startNs + stepNs;
  const firstEval = Number(firstEvalNs) / 1e9;
  const bucketOf = (t: number) => Math.round((t - firstEval) / stepSeconds);
  const series: FleetSeries[] = [];
  for (const [metric, logql] of queries) {
    const params = { query: logql, start: firstEvalNs.toString(), end: (firstEvalNs + stepNs * BigInt(query.buckets - 1)).toString(), step: String(stepSeconds) };
    const scan = (text: string) => scanMatrix(text, query.buckets, bucketOf, 1 / stepSeconds) ?? JSON.parse(text);
    const response = await http.json('/loki/api/v1/query_range', { signal, query: params, passStatuses: [400], parse: scan });
    const request = `/loki/api/v1/query_range ${logql}`;
    if (response.status === 400) throw http.error('response', response.request, `400 Bad Request: Loki refused the query: ${response.text.trim().slice(0, 300)}`, 400);
    const scanned = response.body instanceof ScannedMatrix ? response.body : null;
    const body = scanned?.envelope ?? response.body;
    if (!isObject(body) || !isObject(body.data)) throw http.error('response', request, 'answered with JSON that is not a Loki query response (no data)');
    for (const warning of stringList(body.warnings ?? body.data.warnings ?? []) ?? []) out.warn(`Loki: ${warning}`);
    const matrix = scanned?.series ?? parseMatrix(body.data, query.buckets, bucketOf, 1 / stepSeconds);
    if (matrix instanceof Error) throw http.error('response', request, `answered with a result that is not a matrix: ${matrix.message}`);
    for (const m of matrix) {
      const service = m.labels[serviceLabel];
      if (service !== undefined) series.push({ scope: 'service', service, peer: '', metric, values: m.values });
    }
  }
  return series;
}
