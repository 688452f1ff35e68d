import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { fakeJaegerMonitor } from '../fleet/test-support/fake-jaeger-monitor.js';
import { generateFleet } from '../fleet/test-support/fleet-model.js';
import { readMetricFamily } from './jaeger-monitor.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

const sample = (file: string) => JSON.parse(readFileSync(join(UPSTREAM, 'jaeger-monitor', file), 'utf8')) as unknown;
const START_MS = Date.UTC(2026, 1, 2);
const STEP_MS = 60_000;
const WINDOW = { startNs: `${START_MS}000000`, endNs: `${START_MS + 60 * STEP_MS}000000` };

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

describe("fleet aggregates from jaeger-query's monitor API", { timeout: 60_000 }, () => {
  it("reads the Monitor tab's MetricFamily answers: numbers, numbers as strings, nulls, RFC 3339 times", () => {
    // The mocks' two points are a minute apart from 11:03:43.806: buckets that end there.
    const bucketOf = (ms: number) => Math.round((ms - Date.parse('2021-09-10T11:02:43.806Z')) / 60_000) - 1;
    const latencies = readMetricFamily(sample('jaeger-ui__metrics-mock_serviceLatencies50.json'), 2, bucketOf);
    expect(latencies).toEqual(new Map([['cartservice', [189.85919098822325, 189.85926305015352]]]));
    const withNull = readMetricFamily(sample('jaeger-ui__metrics-mock_serviceLatencies50withNull.json'), 2, bucketOf);
    expect(withNull).toEqual(new Map([['cartservice', [null, 189.85926305015352]]]));
    expect(readMetricFamily(sample('jaeger-ui__metrics-mock_serviceCalls95Response.json'), 2, bucketOf)).toEqual(new Map([['cartservice', [0.05256012294063042, 0.05228198343384174]]]));
    expect(readMetricFamily({ data: [] }, 2, bucketOf)).toBeInstanceOf(Error);
  });

  it('asks in ms with services in batches, turns error shares into failed requests, and the ranking names the fault', async () => {
    const model = generateFleet({ services: 120, buckets: 60, seed: 4, fault: { kind: 'latency', place: 'middle' } });
    const seen: URLSearchParams[] = [];
    server = await startLoopback(fakeJaegerMonitor(model, START_MS, STEP_MS, seen));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const job = await h.finished(await h.client.pullAggregates({ source: 'jaeger', query: { ...WINDOW, buckets: 60 } }));
    expect(job.error).toBeNull();
    expect(job.aggregates!.series).toBe(120 * 5);
    // 120 services in batches of 50: 3 batches × 5 questions.
    expect(seen).toHaveLength(15);
    expect(seen[0]!.getAll('service')).toHaveLength(50);
    expect(seen[0]!.getAll('spanKind')).toEqual(['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER']);
    expect([seen[0]!.get('endTs'), seen[0]!.get('lookback'), seen[0]!.get('step'), seen[0]!.get('ratePer')]).toEqual([String(START_MS + 3_600_000), '3600000', '60000', '60000']);
    const report = await h.client.fleetReport({ confirm: false, series: false });
    expect(report!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'latency' });
  });

  it('says when the monitor is off, naming the source, and caches nothing', async () => {
    server = await startLoopback((req, res) => {
      if (req.path === '/api/services') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":["a"]}');
      else res.writeHead(501, { 'Content-Type': 'text/plain' }).end('metrics querying is currently disabled');
    });
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const before = h.counts();
    const job = await h.finished(await h.client.pullAggregates({ source: 'jaeger', query: { ...WINDOW, buckets: 60 } }));
    expect(job.error).toMatch(/^source "jaeger": GET \/api\/metrics\/calls\?.*monitor API is off.*currently disabled/);
    expect(h.counts()).toEqual(before);
  });
});
