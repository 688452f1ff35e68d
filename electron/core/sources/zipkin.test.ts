import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { fakeZipkin, type ZipkinSeen } from './test-support/fake-zipkin.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

const sample = (file: string) => JSON.parse(readFileSync(join(UPSTREAM, 'zipkin-v2', file), 'utf8')) as { traceId: string; id: string; timestamp?: number; tags?: Record<string, string> }[];
/** Real Zipkin traces: Kafka messaging (servicea → serviceb, 28 spans) and Netflix (8 spans). */
const KAFKA = sample('zipkin-lens__messaging-kafka.json');
const NETFLIX = sample('zipkin-lens__netflix.json');

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

function windowOf(trace: { timestamp?: number }[]): { startNs: string; endNs: string } {
  const first = Math.min(...trace.flatMap((s) => (s.timestamp === undefined ? [] : [s.timestamp])));
  return { startNs: String(BigInt(first - 60_000_000) * 1000n), endNs: String(BigInt(first + 60_000_000) * 1000n) };
}

describe('Zipkin API v2', () => {
  it('lists services and span names, and searches with ms windows, µs durations and an annotationQuery', async () => {
    const seen: ZipkinSeen[] = [];
    server = await startLoopback(fakeZipkin([KAFKA, NETFLIX], seen));
    h = await sourceHarness();
    await h.add({ name: 'zipkin', kind: 'zipkin', url: server.url });
    expect(await h.client.sourceServices({ name: 'zipkin' })).toContain('servicea');
    expect((await h.client.sourceOperations({ name: 'zipkin', service: 'servicea' })).length).toBeGreaterThan(0);

    const window = windowOf(KAFKA);
    const job = await h.finished(await h.client.pullTraces({ source: 'zipkin', query: { service: 'servicea', minDurationMs: 0.25, limit: 3, ...window } }));
    expect(job.error).toBeNull();
    expect(job.traces.map((t) => t.traceId)).toEqual([KAFKA[0]!.traceId.padStart(32, '0')]);
    expect(job.traces[0]!.spanCount).toBe(KAFKA.length);
    expect(seen[0]).toEqual({
      endTsMs: Number(BigInt(window.endNs) / 1_000_000n),
      lookbackMs: 120_000,
      minDurationUs: 250,
      annotationQuery: null,
      limit: 3,
    });

    const tagged = KAFKA.find((s) => s.tags !== undefined && Object.keys(s.tags).length > 0)!;
    const [key, value] = Object.entries(tagged.tags!)[0]!;
    const hit = await h.finished(await h.client.pullTraces({ source: 'zipkin', query: { tags: { [key]: value }, ...window } }));
    expect(seen[1]!.annotationQuery).toBe(`${key}=${value}`);
    expect(hit.traces).toHaveLength(1);
    const miss = await h.finished(await h.client.pullTraces({ source: 'zipkin', query: { tags: { [key]: 'nope' }, ...window } }));
    expect(miss.error).toBeNull();
    expect(miss).toMatchObject({ state: 'done', traces: [] });
  });

  it('fetches a 64-bit trace by id in Zipkin\'s 16-character form, caches it, and answers offline', async () => {
    server = await startLoopback(fakeZipkin([KAFKA, NETFLIX]));
    h = await sourceHarness();
    await h.add({ name: 'zipkin', kind: 'zipkin', url: server.url });
    const job = await h.finished(await h.client.pullTrace({ traceId: KAFKA[0]!.traceId }));
    expect(job).toMatchObject({ state: 'done', source: 'zipkin' });
    expect(server.requests.at(-1)!.path).toBe(`/api/v2/trace/${KAFKA[0]!.traceId}`);
    expect((await h.client.getTrace({ traceId: KAFKA[0]!.traceId })).spans).toHaveLength(KAFKA.length);
    await server.close();
    const cached = await h.finished(await h.client.pullTrace({ traceId: KAFKA[0]!.traceId }));
    expect(cached).toMatchObject({ cached: true, fetchedAt: job.fetchedAt });

    // Zipkin's own "Trace … not found" is a miss; a 404 of some other server is a wrong base path.
    server = await startLoopback(fakeZipkin([]));
    await h.add({ name: 'zipkin', kind: 'zipkin', url: server.url });
    const miss = await h.finished(await h.client.pullTrace({ traceId: 'aaaaaaaaaaaaaaaa', source: 'zipkin' }));
    expect(miss.error).toContain('was not found (zipkin: not found)');
    await h.add({ name: 'zipkin', kind: 'zipkin', url: `${server.url}/zipkin` });
    const wrong = await h.finished(await h.client.pullTrace({ traceId: 'aaaaaaaaaaaaaaaa', source: 'zipkin' }));
    expect(wrong).toMatchObject({ state: 'failed', errorStage: 'not-found' });
    expect(wrong.error).toContain('source "zipkin": GET /zipkin/api/v2/trace/aaaaaaaaaaaaaaaa: 404 Not Found, and not from a Zipkin API');
  });

  it('pulls a trace whose fragments of one id carry no timestamp: merged as Zipkin merges them, a timeless span skipped with a warning', async () => {
    const server0 = KAFKA[0]!;
    // Zipkin v2 makes timestamp optional: a late fragment of a span with only its tags, and a span with no time at all.
    const fragment = { traceId: server0.traceId, id: server0.id, tags: { 'late.tag': 'yes' } };
    const timeless = { traceId: server0.traceId, id: 'abcabcabcabcabca', name: 'orphan' };
    server = await startLoopback(fakeZipkin([[fragment, ...KAFKA, timeless]]));
    h = await sourceHarness();
    await h.add({ name: 'zipkin', kind: 'zipkin', url: server.url });
    const job = await h.finished(await h.client.pullTrace({ traceId: server0.traceId }));
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'done', spansSeen: KAFKA.length });
    const traceId = server0.traceId.padStart(32, '0');
    expect(job.warnings).toEqual([
      `trace ${traceId}: span abcabcabcabcabca "orphan" (record [${KAFKA.length + 1}]) skipped: it has no timestamp and no annotations, and no other fragment of its id has one`,
    ]);
    const spans = (await h.client.getTrace({ traceId })).spans;
    expect(spans).toHaveLength(KAFKA.length);
    expect(spans.find((s) => s.spanId === server0.id.padStart(16, '0'))!.attributes).toMatchObject({ 'late.tag': 'yes' });
  });

  it('test connection tells a Jaeger server from a Zipkin one', async () => {
    server = await startLoopback((req, res) => {
      if (req.path === '/api/v2/services') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":["a"],"total":1,"errors":null}');
      res.writeHead(404).end();
    });
    h = await sourceHarness();
    await h.add({ name: 'zipkin', kind: 'zipkin', url: server.url });
    const result = await h.client.testSource({ name: 'zipkin' });
    expect(result.ok).toBe(false);
    expect(result.stages.at(-1)).toMatchObject({ stage: 'api', ok: false });
    expect(result.stages.at(-1)!.detail).toContain('GET /api/v2/services: answered with JSON that is not a Zipkin v2 response (top-level keys: data, total, errors)');
  });
});
