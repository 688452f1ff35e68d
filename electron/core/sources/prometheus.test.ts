import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { generateFleet } from '../fleet/test-support/fleet-model.js';
import { fakePrometheus } from '../fleet/test-support/fake-prometheus.js';
import { expectFaults, standardFaults } from './test-support/fault-cases.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { sendJson, startLoopback, type Loopback } from './test-support/loopback.js';

const sample = (file: string) => JSON.parse(readFileSync(join(UPSTREAM, 'prometheus', file), 'utf8')) as unknown;
const TOKEN = 'prom-token-5d1e2a';
/** 2021-05-07T01:43:06Z: the jaeger metricstore samples' one point sits in the last bucket of this window. */
const SAMPLE_T = 1620351786;
const STEP = 60;
const WINDOW = { startNs: `${(SAMPLE_T - 10 * STEP) * 1e9}`, endNs: `${SAMPLE_T * 1e9}` };
const BUCKETS = 10;

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(handle: Parameters<typeof startLoopback>[0], options: Record<string, unknown> = {}): Promise<void> {
  server = await startLoopback(handle);
  h = await sourceHarness({ maxBytes: 1024 * 1024 });
  await h.add({ name: 'prom', kind: 'prometheus', url: server.url, timeoutMs: 1500, auth: { type: 'bearer' }, options }, { token: TOKEN });
}

/** Answers every query_range with the Jaeger metricstore's sample for its grouping, label values with theirs. */
const samples: Parameters<typeof startLoopback>[0] = (req, res) => {
  if (req.path.startsWith('/api/v1/label/')) return sendJson(res, 200, sample('jaeger__metricstore-testdata_label_values_response.json'));
  if (req.path !== '/api/v1/query_range') return sendJson(res, 404, { status: 'error', errorType: 'not_found', error: 'no route' });
  const query = req.query.get('query') ?? '';
  if (query.includes('client, server')) return sendJson(res, 200, sample('jaeger__metricstore-testdata_empty_response.json'));
  sendJson(res, 200, sample('jaeger__metricstore-testdata_service_datapoint_response.json'));
};

const pull = (refresh = false) => h.client.pullAggregates({ source: 'prom', query: { ...WINDOW, buckets: BUCKETS }, refresh });

describe('Prometheus span metrics', () => {
  it('asks query_range per metric with the window cut into buckets, and caches the series of the real answers', async () => {
    await setUp(samples);
    const job = await h.finished(await pull());
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ what: 'aggregates', state: 'done', cached: false, source: 'prom', window: WINDOW, aggregates: { buckets: BUCKETS } });
    const ranges = server.requests.filter((r) => r.path === '/api/v1/query_range');
    expect(ranges).toHaveLength(8);
    // Prometheus reads unix seconds; the first evaluation is at the end of the first bucket, the last at the window's end.
    expect(ranges[0]!.query.get('start')).toBe(`${SAMPLE_T - 9 * STEP}.000`);
    expect(ranges[0]!.query.get('end')).toBe(`${SAMPLE_T}.000`);
    expect(ranges[0]!.query.get('step')).toBe(`${STEP}.000`);
    expect(ranges[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // Two are in flight at a time, so they may arrive in either order.
    expect(ranges.map((r) => r.query.get('query')).sort()).toEqual([
      'sum by (service_name) (rate(traces_span_metrics_calls_total{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"}[60s]))',
      'sum by (service_name) (rate(traces_span_metrics_calls_total{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER", status_code="STATUS_CODE_ERROR"}[60s]))',
      'histogram_quantile(0.5, sum by (service_name, le) (rate(traces_span_metrics_duration_milliseconds_bucket{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"}[60s])))',
      'histogram_quantile(0.95, sum by (service_name, le) (rate(traces_span_metrics_duration_milliseconds_bucket{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"}[60s])))',
      'histogram_quantile(0.99, sum by (service_name, le) (rate(traces_span_metrics_duration_milliseconds_bucket{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"}[60s])))',
      'sum by (client, server) (rate(traces_service_graph_request_total[60s]))',
      'sum by (client, server) (rate(traces_service_graph_request_failed_total[60s]))',
      'histogram_quantile(0.95, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[60s])))',
    ].sort());
    // emailservice's one point (9223372036854, kept as float32) sits in the last bucket of every service series.
    const series = await h.client.fleetSeries({ service: 'emailservice' });
    expect(series?.series.map((s) => s.metric).sort()).toEqual(['errors', 'p50', 'p95', 'p99', 'rate']);
    const rate = series!.series.find((s) => s.metric === 'rate')!.values;
    expect(rate.slice(0, BUCKETS - 1).every((v) => v === null)).toBe(true);
    expect(rate[BUCKETS - 1]! / 9223372036854).toBeCloseTo(1, 6);

    // Asked again, it is answered from the cache without a request; offline too.
    await server.close();
    const again = await h.finished(await pull());
    expect(again).toMatchObject({ state: 'done', cached: true, aggregates: { buckets: BUCKETS, series: 5 } });
  });

  it("reads Tempo's metrics-generator names, and seconds as ms", async () => {
    await setUp(samples, { spanMetrics: 'tempo', serviceGraph: false });
    await h.finished(await pull());
    const queries = server.requests.filter((r) => r.path === '/api/v1/query_range').map((r) => r.query.get('query'));
    expect(queries).toHaveLength(5);
    expect(queries).toContain('sum by (service) (rate(traces_spanmetrics_calls_total{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"}[60s]))');
    expect(queries.filter((q) => q!.includes('traces_spanmetrics_latency_bucket'))).toHaveLength(3);
  });

  it('keeps Prometheus warnings with the answer, and refuses an error or a foreign answer naming the request', async () => {
    await setUp((req, res) => {
      const query = req.query.get('query') ?? '';
      if (query.includes('failed_total')) return sendJson(res, 200, sample('jaeger__metricstore-testdata_warning_response.json'));
      sendJson(res, 200, sample('jaeger__metricstore-testdata_service_datapoint_response.json'));
    });
    const job = await h.finished(await pull());
    expect(job.warnings).toEqual(expect.arrayContaining(['Prometheus: warning0', 'Prometheus: warning1']));

    const before = h.counts();
    server.fault = (req, res) => {
      if (!(req.query.get('query') ?? '').includes('0.99')) return false;
      sendJson(res, 422, { status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory' });
      return true;
    };
    const refused = await h.finished(await pull(true));
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatch(/^source "prom": GET \/api\/v1\/query_range\?query=histogram_quantile%280\.99/);
    expect(refused.error).toMatch(/too many samples/);
    expect(h.counts()).toEqual(before);

    server.fault = (req, res) => {
      sendJson(res, 200, { data: [{ traceID: 'abc' }], total: 1 });
      return true;
    };
    const foreign = await h.finished(await pull(true));
    expect(foreign.error).toMatch(/not a Prometheus API response/);
    server.fault = (req, res) => {
      sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
      return true;
    };
    const vector = await h.finished(await pull(true));
    expect(vector.error).toMatch(/not a Prometheus matrix: resultType is "vector"/);
    expect(h.counts()).toEqual(before);
  });

  it('survives the standard faults without caching anything', async () => {
    await setUp(samples);
    await expectFaults(h, server, standardFaults((req) => req.path === '/api/v1/query_range', 1500, TOKEN), 'prom', /GET \/api\/v1\/query_range/, TOKEN, () => pull(true));
  });

  it('checks that the span metrics are there, naming what it looked for', async () => {
    const model = generateFleet({ services: 20, buckets: 10, seed: 1, fault: null });
    await setUp(fakePrometheus({ model, startSeconds: SAMPLE_T, stepSeconds: STEP }));
    const result = await h.client.testSource({ name: 'prom' });
    expect(result.stages.at(-1)).toMatchObject({ stage: 'api', ok: true, detail: 'Prometheus API: span metrics traces_span_metrics_calls_total, service graph metrics' });
    expect(await h.client.sourceServices({ name: 'prom' })).toHaveLength(20);
    await h.add({ name: 'prom-tempo', kind: 'prometheus', url: server.url, options: { spanMetrics: 'tempo' } });
    const wrong = await h.client.testSource({ name: 'prom-tempo' });
    expect(wrong.ok).toBe(false);
    expect(wrong.stages.at(-1)?.detail).toMatch(/has no series named traces_spanmetrics_calls_total.*Tempo's metrics-generator/);
  });
});
