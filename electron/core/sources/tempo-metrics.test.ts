import { afterEach, describe, expect, it } from 'vitest';
import { fakeTempoMetrics } from '../fleet/test-support/fake-tempo-metrics.js';
import { generateFleet } from '../fleet/test-support/fleet-model.js';
import { fakeJaegerV1 } from './test-support/fake-jaeger.js';
import { readQueryRange, TEMPO_METRICS_QUERIES } from './tempo-metrics.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { sendJson, startLoopback, type Loopback } from './test-support/loopback.js';

const START = 1_770_000_000;
const STEP = 60;
const WINDOW = { startNs: `${START}000000000`, endNs: `${START + 60 * STEP}000000000` };

let h: SourceHarness;
const servers: Loopback[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  h?.dispose();
});

async function tempo(handle: Parameters<typeof startLoopback>[0]) {
  const server = await startLoopback(handle);
  servers.push(server);
  h = await sourceHarness();
  await h.add({ name: 'tempo', kind: 'tempo', url: server.url });
  return server;
}

describe('fleet aggregates from Tempo TraceQL metrics', { timeout: 60_000 }, () => {
  // No permissively licensed Tempo answer exists (FORMATS.md §4): this one follows tempopb's QueryRangeResponse
  // (pkg/tempopb/tempo.proto, Apache-2.0) as gogo jsonpb writes it — int64 as strings, a zero double left out.
  const answer = {
    series: [
      {
        labels: [{ key: 'resource.service.name', value: { stringValue: 'cart' } }, { key: 'p', value: { doubleValue: 0.95 } }],
        promLabels: '{p="0.95", resource.service.name="cart"}',
        samples: [{ timestampMs: '1770000000000', value: 0.25 }, { timestampMs: '1770000060000' }, { timestampMs: '1770000120000', value: 'NaN' }],
        exemplars: [{ labels: [{ key: 'trace:id', value: { stringValue: '4bf92f3577b34da6a3ce929d0e0e4736' } }], value: 0.3, timestampMs: '1770000001000' }],
      },
      { labels: [{ key: 'resource.service.name', value: {} }], samples: [{ timestampMs: '1770000000000', value: 1 }] },
    ],
    metrics: { inspectedBytes: '2048', totalJobs: 1, completedJobs: 1 },
  };

  it('reads a QueryRangeResponse: labels by kind of value, a left-out zero, NaN as no value, either time stamp', () => {
    const at = { startMs: 1_770_000_000_000, stepMs: 60_000, buckets: 3 };
    const read = readQueryRange(answer, at);
    if (read instanceof Error) throw read;
    expect(read.partial).toBeNull();
    expect(read.series[0]!.labels).toEqual(new Map<string, string | number>([['resource.service.name', 'cart'], ['p', 0.95]]));
    expect(read.series[0]!.values).toEqual([0.25, 0, null]);
    // A nil attribute has no value: the label is left out rather than read as ''.
    expect(read.series[1]!.labels.size).toBe(0);
    // Samples stamped at their interval's end (one at the window's end): the same buckets.
    const atEnd = { series: [{ labels: [], samples: [1, 2, 3].map((i) => ({ timestampMs: String(at.startMs + i * 60_000), value: i })) }] };
    expect((readQueryRange(atEnd, at) as { series: { values: unknown[] }[] }).series[0]!.values).toEqual([1, 2, 3]);
    expect(readQueryRange({ series: [], status: 'PARTIAL', message: 'Response exceeds maximum series limit of 1000' }, at)).toMatchObject({ partial: 'Response exceeds maximum series limit of 1000' });
    expect(readQueryRange({ series: null, metrics: {} }, at)).toEqual({ series: [], partial: null });
    expect(readQueryRange({ metrics: {} }, at)).toEqual({ series: [], partial: null });
    for (const bad of [[], { series: {} }, { series: [{ labels: {} }] }, { series: [{ samples: [{ timestampMs: 'soon' }] }] }, { series: [{ samples: [{ timestampMs: '1', value: {} }] }] }]) {
      expect(readQueryRange(bad, at)).toBeInstanceOf(Error);
    }
  });

  it('asks rate, errors and quantiles by service in seconds; with the calls the cache knows, the changed service ranks first', async () => {
    const model = generateFleet({ services: 200, buckets: 60, seed: 21, fault: { kind: 'latency', place: 'middle' } });
    const seen: URLSearchParams[] = [];
    await tempo(fakeTempoMetrics(model, START, STEP, { seen }));
    const job = await h.finished(await h.client.pullAggregates({ source: 'tempo', query: { ...WINDOW, buckets: 60 } }));
    expect(job.error).toBeNull();
    expect(job.aggregates!.series).toBe(200 * 5);
    expect(seen.map((q) => q.get('q'))).toEqual(TEMPO_METRICS_QUERIES);
    expect([seen[0]!.get('start'), seen[0]!.get('end'), seen[0]!.get('step')]).toEqual([String(START), String(START + 3600), '60s']);
    // TraceQL metrics know no calls: callers that slowed with it are ranked too (here one above it), and the report says so.
    const alone = await h.client.fleetReport({ confirm: false, series: false });
    expect(alone!.calls).toBe(0);
    expect(alone!.suspects.length).toBeGreaterThan(1);
    expect(alone!.suspects.map((s) => s.service)).toContain(model.fault!.service);
    expect(alone!.sources).toEqual([expect.objectContaining({ name: 'tempo' })]);

    // The dependencies of the window (here jaeger-query's, as the Jaeger beside this Tempo counts them) give the calls.
    const dependencies = model.calls.map((c) => ({ parent: model.names[c.caller], child: model.names[c.callee], callCount: 100 }));
    const jaeger = await startLoopback(fakeJaegerV1([], [], dependencies));
    servers.push(jaeger);
    await h.add({ name: 'jaeger', kind: 'jaeger', url: jaeger.url });
    expect((await h.finished(await h.client.pullDependencies({ source: 'jaeger', query: { startNs: WINDOW.startNs, endNs: WINDOW.endNs } }))).error).toBeNull();
    const report = await h.client.fleetReport({ confirm: false, series: false });
    expect(report!.calls).toBe(model.calls.length);
    expect(report!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'latency' });

    // Quantiles come back in seconds and are kept in ms, like every other source's.
    const series = await h.client.fleetSeries({ service: model.fault!.service });
    const p95 = series!.series.find((s) => s.metric === 'p95')!.values;
    expect(Math.max(...p95.map((v) => v ?? 0))).toBeGreaterThan(10);
  });

  it('reads a newer Tempo that stamps samples at their end the same, and keeps a partial answer with its reason', async () => {
    const model = generateFleet({ services: 50, buckets: 60, seed: 22, fault: { kind: 'errors', place: 'leaf' } });
    await tempo(fakeTempoMetrics(model, START, STEP, { stampAtEnd: true, partial: 'Response exceeds maximum series limit of 1000' }));
    const job = await h.finished(await h.client.pullAggregates({ source: 'tempo', query: { ...WINDOW, buckets: 60 } }));
    expect(job.error).toBeNull();
    expect(job.warnings).toContain('Tempo: Response exceeds maximum series limit of 1000');
    const rate = (await h.client.fleetSeries({ service: model.names[0]! }))!.series.find((s) => s.metric === 'rate')!.values;
    // float32 in the cache
    expect(rate[0]! / model.rate[0]![0]!).toBeCloseTo(1, 6);
    expect(rate[59]! / model.rate[59]![0]!).toBeCloseTo(1, 6);
    const report = await h.client.fleetReport({ confirm: false, series: false });
    expect(report!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'errors' });
  });

  it("says what is wrong when Tempo has no metrics API, refuses the query or answers something else, and caches nothing", async () => {
    const cases: [Parameters<typeof startLoopback>[0], RegExp][] = [
      [(req, res) => void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n'), /^source "tempo": GET \/api\/metrics\/query_range\?.*no TraceQL metrics API/],
      [(req, res) => void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('invalid TraceQL query: parse error'), /Tempo refused the TraceQL metrics query: invalid TraceQL query: parse error/],
      [(req, res) => sendJson(res, 200, { series: [{ labels: 'cart', samples: [] }] }), /not a TraceQL metrics response: a series has labels that are not a list/],
    ];
    for (const [handle, error] of cases) {
      await tempo(handle);
      const before = h.counts();
      const job = await h.finished(await h.client.pullAggregates({ source: 'tempo', query: { ...WINDOW, buckets: 60 } }));
      expect(job.error).toMatch(error);
      expect(h.counts()).toEqual(before);
      h.dispose();
    }
  });
});
