import type { FleetQuery, FleetSeries } from '../../../shared/fleet/types.js';
import { isObject } from '../../../shared/formats/values.js';
import type { PullOutput, TimeWindow } from './connector.js';
import { msBuckets } from './fleet-answer.js';
import type { SourceHttpClient } from './http-client.js';

/**
 * Fleet aggregates from Jaeger's span indices in Elasticsearch/OpenSearch (`jaeger-span-*`, as Jaeger's own ES
 * metrics reader asks them, FORMATS.md §7): per service, the server and consumer spans counted per date_histogram
 * bucket, those with `tag.error` true, and the 50/95/99th percentiles of `duration` (µs). The engine answers over
 * every span; only the buckets come back. The services are split into terms partitions so that no answer passes
 * the engine's search.max_buckets (65,536 by default). Span indices hold no caller → callee pairs an aggregation
 * can count, so this answer has services only: the ranking then has no calls to tell symptoms from origins.
 */
const SERVICES_PER_REQUEST = 400;
const PERCENTS = [50, 95, 99] as const;

type Search = (path: string, body: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;

export async function spanIndexAggregates(http: SourceHttpClient, search: Search, indexPattern: string, query: FleetQuery, window: TimeWindow, out: PullOutput, signal: AbortSignal): Promise<FleetSeries[]> {
  const path = `/${encodeURIComponent(indexPattern).replace(/%2C/gi, ',')}/_search`;
  const { startMs, stepMs } = msBuckets(window, query.buckets);
  if (stepMs < 1000) throw http.error('config', null, `${query.buckets} buckets over this window are shorter than a second; ask for fewer`);
  const filter = [
    { range: { startTimeMillis: { gte: startMs, lt: startMs + stepMs * query.buckets, format: 'epoch_millis' } } },
    { terms: { 'tag.span@kind': ['server', 'consumer'] } },
  ];
  const counted = await search(path, { size: 0, query: { bool: { filter } }, aggs: { services: { cardinality: { field: 'process.serviceName' } } } }, signal);
  const cardinality = aggregation(counted, 'services');
  const services = isObject(cardinality) && typeof cardinality.value === 'number' ? cardinality.value : null;
  if (services === null) throw http.error('response', `POST ${path}`, 'answered without the cardinality of process.serviceName: is this a Jaeger span index?');
  const partitions = Math.max(1, Math.ceil((services * 1.1) / SERVICES_PER_REQUEST));
  const series: FleetSeries[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const body = {
      size: 0,
      query: { bool: { filter } },
      aggs: {
        services: {
          terms: { field: 'process.serviceName', size: SERVICES_PER_REQUEST * 2, include: { partition, num_partitions: partitions } },
          aggs: {
            over_time: {
              date_histogram: { field: 'startTimeMillis', fixed_interval: `${stepMs}ms`, min_doc_count: 0, extended_bounds: { min: startMs, max: startMs + stepMs * (query.buckets - 1) } },
              aggs: { latency: { percentiles: { field: 'duration', percents: PERCENTS } }, errors: { filter: { term: { 'tag.error': true } } } },
            },
          },
        },
      },
    };
    const answer = await search(path, body, signal);
    const read = readServiceBuckets(aggregation(answer, 'services'), query.buckets, startMs, stepMs);
    if (read instanceof Error) throw http.error('response', `POST ${path}`, `answered with aggregations of another shape: ${read.message}`);
    if (isObject(answer) && isObject(answer._shards) && Number(answer._shards.failed) > 0) out.warn(`${indexPattern}: ${String(answer._shards.failed)} shards failed; the figures count the others`);
    series.push(...read);
  }
  return series;
}

function aggregation(answer: unknown, name: string): unknown {
  return isObject(answer) && isObject(answer.aggregations) ? answer.aggregations[name] : undefined;
}

/**
 * `{buckets: [{key: service, over_time: {buckets: [{key: ms, doc_count, latency: {values: {"95.0": µs}}, errors:
 * {doc_count}}]}}]}` → rate, errors (per second) and p50/p95/p99 (ms) per service, in the window's buckets.
 */
export function readServiceBuckets(services: unknown, buckets: number, startMs: number, stepMs: number): FleetSeries[] | Error {
  if (!isObject(services) || !Array.isArray(services.buckets)) return new Error('no services.buckets');
  const out: FleetSeries[] = [];
  for (const service of services.buckets) {
    if (!isObject(service) || typeof service.key !== 'string' || !isObject(service.over_time) || !Array.isArray(service.over_time.buckets)) return new Error('a service bucket without key or over_time.buckets');
    const empty = () => new Array<number | null>(buckets).fill(null);
    const values = { rate: empty(), errors: empty(), p50: empty(), p95: empty(), p99: empty() };
    for (const bucket of service.over_time.buckets) {
      if (!isObject(bucket) || typeof bucket.key !== 'number' || typeof bucket.doc_count !== 'number') return new Error('a date_histogram bucket without key or doc_count');
      const at = Math.round((bucket.key - startMs) / stepMs);
      if (at < 0 || at >= buckets) continue;
      values.rate[at] = bucket.doc_count / (stepMs / 1000);
      values.errors[at] = isObject(bucket.errors) && typeof bucket.errors.doc_count === 'number' ? bucket.errors.doc_count / (stepMs / 1000) : 0;
      const percentiles = isObject(bucket.latency) && isObject(bucket.latency.values) ? bucket.latency.values : {};
      for (const [metric, key] of [['p50', '50.0'], ['p95', '95.0'], ['p99', '99.0']] as const) {
        const us = percentiles[key];
        values[metric][at] = typeof us === 'number' ? us / 1000 : null;
      }
    }
    for (const [metric, list] of Object.entries(values)) out.push({ scope: 'service', service: service.key, peer: '', metric: metric as FleetSeries['metric'], values: list });
  }
  return out;
}
