import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { fakeSpanIndex } from '../fleet/test-support/fake-span-index.js';
import { generateFleet } from '../fleet/test-support/fleet-model.js';
import { readServiceBuckets } from './span-index-aggregates.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

const START_MS = Date.UTC(2026, 1, 2);
const STEP_MS = 60_000;
const WINDOW = { startNs: `${START_MS}000000`, endNs: `${START_MS + 60 * STEP_MS}000000` };

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

describe('fleet aggregates from Jaeger span indices in Elasticsearch', { timeout: 60_000 }, () => {
  it("reads the date_histogram buckets of Jaeger's own ES metrics answer: epoch ms keys, doc counts, percentiles in µs", () => {
    const sample = JSON.parse(readFileSync(join(UPSTREAM, 'elasticsearch', 'jaeger__metricstore-testdata_output_latencies.json'), 'utf8')) as {
      aggregations: { results_buckets: { buckets: unknown[] } };
    };
    // The sample is one service's series; here it stands as the over_time of a service named in a terms bucket.
    const services = { buckets: [{ key: 'driver', over_time: { buckets: sample.aggregations.results_buckets.buckets.map((b) => ({ ...(b as object), latency: (b as { percentiles_of_bucket: unknown }).percentiles_of_bucket })) } }] };
    const series = readServiceBuckets(services, 2, 1749894900000, 60_000);
    if (series instanceof Error) throw series;
    const of = (metric: string) => series.find((s) => s.metric === metric)!.values;
    expect(of('rate')).toEqual([50 / 60, 1]);
    expect(of('p95')).toEqual([0.2, 0.21]);
    expect(of('p50')).toEqual([null, null]);
    expect(readServiceBuckets({ buckets: [{ key: 'x' }] }, 2, 0, 60_000)).toBeInstanceOf(Error);
  });

  it('asks per terms partition, under the engine\'s bucket limit, and the ranking names the injected fault', async () => {
    const model = generateFleet({ services: 900, buckets: 60, seed: 3, fault: { kind: 'errors', place: 'leaf' } });
    const seen: { aggs: { services: { terms?: { include: { num_partitions: number } } } } }[] = [];
    server = await startLoopback(fakeSpanIndex(model, START_MS, STEP_MS, seen));
    h = await sourceHarness();
    await h.add({ name: 'es', kind: 'elasticsearch', url: server.url });
    const job = await h.finished(await h.client.pullAggregates({ source: 'es', query: { ...WINDOW, buckets: 60 } }));
    expect(job.error).toBeNull();
    expect(job.aggregates!.series).toBe(900 * 5);
    const partitions = seen.filter((s) => s.aggs.services.terms !== undefined);
    expect(partitions).toHaveLength(3);
    // 400 services a request: 400 × 60 date buckets × 2 stays under search.max_buckets (65,536).
    expect(partitions[0]!.aggs.services.terms!.include.num_partitions).toBe(3);
    const report = await h.client.fleetReport({ confirm: false });
    expect(report!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'errors' });
    expect(report!.edges).toEqual([]);
  });

  it('names the span index pattern when no index matches it, and caches nothing', async () => {
    server = await startLoopback(fakeSpanIndex(generateFleet({ services: 10, buckets: 60, seed: 1, fault: null }), START_MS, STEP_MS));
    h = await sourceHarness();
    await h.add({ name: 'es', kind: 'elasticsearch', url: server.url, options: { spanIndexPattern: 'otel-span-*' } });
    const before = h.counts();
    const job = await h.finished(await h.client.pullAggregates({ source: 'es', query: { ...WINDOW, buckets: 60 } }));
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/no index matches "otel-span-\*".*span index pattern/);
    expect(h.counts()).toEqual(before);
  });
});
