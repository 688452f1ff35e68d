import type { FleetMetric, FleetQuery, FleetSeries } from '../../../shared/fleet/types.js';
import { isObject } from '../../../shared/formats/values.js';
import type { PullOutput, TimeWindow } from './connector.js';
import type { SourceHttpClient } from './http-client.js';

/**
 * Fleet aggregates from Tempo's TraceQL metrics (FORMATS.md §4, Tempo 2.4+): per service, the rate of server and
 * consumer spans, the rate of those in error and their duration quantiles, computed by Tempo over every span it
 * holds. The answer is tempopb's QueryRangeResponse in gogo jsonpb: `series[{labels: [KeyValue], samples:
 * [{timestampMs: "<ms>", value?}]}]`, a zero `value` omitted, quantiles told apart by a `p` label and durations in
 * seconds. Edges are not asked: TraceQL metrics group by one span's attributes, so a caller and its callee never
 * share a series; the ranking takes the calls the cache knows instead, and Tempo's own service graph is read from
 * its metrics-generator's Prometheus.
 */
const ENTRY = 'kind = server || kind = consumer';
const BY_SERVICE = 'by (resource.service.name)';
const SERVICE_KEY = 'resource.service.name';
const QUANTILES: [number, FleetMetric][] = [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']];

/** What each query answers: a rate per second, or the duration quantiles (seconds) of the `p` label. */
const ASKS: { q: string; answers: 'rate' | 'errors' | 'quantiles' }[] = [
  { q: `{ ${ENTRY} } | rate() ${BY_SERVICE}`, answers: 'rate' },
  { q: `{ (${ENTRY}) && status = error } | rate() ${BY_SERVICE}`, answers: 'errors' },
  { q: `{ ${ENTRY} } | quantile_over_time(duration, ${QUANTILES.map(([q]) => q).join(', ')}) ${BY_SERVICE}`, answers: 'quantiles' },
];
export const TEMPO_METRICS_QUERIES: readonly string[] = ASKS.map((ask) => ask.q);

export async function tempoAggregates(http: SourceHttpClient, query: FleetQuery, window: TimeWindow, out: PullOutput, signal: AbortSignal): Promise<{ series: FleetSeries[]; startNs: bigint; stepNs: bigint }> {
  // Tempo takes whole seconds for start and end, and a Go duration for the step.
  const startS = Number(window.startNs / 1_000_000_000n);
  const stepS = Math.floor((Number(window.endNs / 1_000_000_000n) - startS) / query.buckets);
  if (stepS < 1) throw http.error('config', null, `${query.buckets} buckets over this window are shorter than a second; ask for fewer`);
  const endS = startS + stepS * query.buckets;
  const series: FleetSeries[] = [];
  for (const { q, answers } of ASKS) {
    const response = await http.json('/api/metrics/query_range', { signal, query: { q, start: String(startS), end: String(endS), step: `${stepS}s` }, passStatuses: [400, 404] });
    if (response.status === 404) throw http.error('not-found', response.request, `404 Not Found: this Tempo has no TraceQL metrics API (Tempo 2.4 or later, with metrics queries enabled); its span metrics may be in Prometheus: add that as a source`, 404);
    if (response.status === 400) throw http.error('response', response.request, `400 Bad Request: Tempo refused the TraceQL metrics query: ${response.text.trim().slice(0, 300)}`, 400);
    const read = readQueryRange(response.body, { startMs: startS * 1000, stepMs: stepS * 1000, buckets: query.buckets });
    if (read instanceof Error) throw http.error('response', response.request, `answered with JSON that is not a TraceQL metrics response: ${read.message}`);
    if (read.partial !== null) out.warn(`Tempo: ${read.partial}`);
    for (const s of read.series) {
      const service = s.labels.get(SERVICE_KEY);
      if (typeof service !== 'string' || service === '') continue;
      if (answers !== 'quantiles') series.push({ scope: 'service', service, peer: '', metric: answers, values: s.values });
      else {
        const metric = QUANTILES.find(([q]) => Math.abs(q - Number(s.labels.get('p'))) < 1e-9)?.[1];
        if (metric !== undefined) series.push({ scope: 'service', service, peer: '', metric, values: s.values.map((v) => (v === null ? null : v * 1000)) });
      }
    }
  }
  return { series, startNs: BigInt(startS) * 1_000_000_000n, stepNs: BigInt(stepS) * 1_000_000_000n };
}

export interface TempoSeries {
  labels: Map<string, string | number | boolean>;
  values: (number | null)[];
}

interface Buckets {
  startMs: number;
  stepMs: number;
  buckets: number;
}

/**
 * A QueryRangeResponse read into buckets. Tempo has labelled a sample by its interval's start, and (newer releases)
 * by its end: a sample stamped at the window's end says the latter, and every sample moves one bucket back.
 */
export function readQueryRange(body: unknown, at: Buckets): { series: TempoSeries[]; partial: string | null } | Error {
  if (!isObject(body)) return new Error('not an object');
  // No series at all is left out by jsonpb (and written null by some proxies): nothing matched.
  if (body.series != null && !Array.isArray(body.series)) return new Error('series is not a list');
  const raw = (body.series ?? []) as unknown[];
  const endMs = at.startMs + at.stepMs * at.buckets;
  const stamped: { labels: Map<string, string | number | boolean>; samples: [number, number | null][] }[] = [];
  let rightClosed = false;
  for (const item of raw) {
    if (!isObject(item)) return new Error('a series is not an object');
    const labels = readLabels(item.labels);
    if (labels instanceof Error) return labels;
    if (item.samples !== undefined && !Array.isArray(item.samples)) return new Error('a series has samples that are not a list');
    const samples: [number, number | null][] = [];
    for (const sample of (item.samples ?? []) as unknown[]) {
      if (!isObject(sample)) return new Error('a sample is not an object');
      const ms = typeof sample.timestampMs === 'string' || typeof sample.timestampMs === 'number' ? Number(sample.timestampMs) : NaN;
      if (!Number.isFinite(ms)) return new Error(`a sample's timestampMs ${JSON.stringify(sample.timestampMs)} is not a number of ms`);
      // jsonpb leaves a zero out, and writes NaN (an empty quantile) as a string.
      if (sample.value !== undefined && typeof sample.value !== 'number' && typeof sample.value !== 'string') return new Error(`a sample's value ${JSON.stringify(sample.value)} is not a number`);
      const value = sample.value === undefined ? 0 : Number(sample.value);
      if (ms >= endMs) rightClosed = true;
      samples.push([ms, Number.isFinite(value) ? value : null]);
    }
    stamped.push({ labels, samples });
  }
  const shift = rightClosed ? 1 : 0;
  const series = stamped.map(({ labels, samples }) => {
    const values = new Array<number | null>(at.buckets).fill(null);
    for (const [ms, value] of samples) {
      const bucket = Math.round((ms - at.startMs) / at.stepMs) - shift;
      if (bucket >= 0 && bucket < at.buckets) values[bucket] = value;
    }
    return { labels, values };
  });
  const partial = body.status === 'PARTIAL' || body.status === 'partial' ? (typeof body.message === 'string' && body.message !== '' ? body.message : 'the answer is partial') : null;
  return { series, partial };
}

/** `[{key, value: {stringValue | intValue | doubleValue | boolValue}}]` → a map; an empty value (a nil attribute) is left out. */
function readLabels(raw: unknown): Map<string, string | number | boolean> | Error {
  const labels = new Map<string, string | number | boolean>();
  if (raw === undefined) return labels;
  if (!Array.isArray(raw)) return new Error('a series has labels that are not a list');
  for (const label of raw) {
    if (!isObject(label) || typeof label.key !== 'string') return new Error('a label without a key');
    const value = isObject(label.value) ? label.value : {};
    const v = value.stringValue ?? value.doubleValue ?? value.intValue ?? value.boolValue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') labels.set(label.key, v);
  }
  return labels;
}
