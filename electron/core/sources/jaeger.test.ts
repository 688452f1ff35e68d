import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM, tempCache } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { fakeJaegerV1, fakeJaegerV3, type JaegerTrace, type SearchSeen } from './test-support/fake-jaeger.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

const V1 = join(UPSTREAM, 'jaeger-v1-http');
const V3 = join(UPSTREAM, 'jaeger-api-v3');
const envelope = (file: string) => JSON.parse(readFileSync(join(V1, file), 'utf8')) as { data: JaegerTrace[] };
/** Two real Jaeger query-API answers: telemetrygen (2 spans) and tempo-distributor (3 spans). */
const TRACES = [...envelope('jaeger__api-traces-envelope_otlp2jaeger-out.json').data, ...envelope('perses__pushbytes_jaeger.json').data];
const TELEMETRYGEN = TRACES[0]!;
const TEMPO = TRACES[1]!;

/** A window (ns strings) around a trace's spans. */
function around(trace: JaegerTrace): { startNs: string; endNs: string } {
  const starts = trace.spans.map((s) => BigInt(s.startTime) * 1000n);
  const first = starts.reduce((a, b) => (a < b ? a : b));
  return { startNs: (first - 60_000_000_000n).toString(), endNs: (first + 60_000_000_000n).toString() };
}

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

describe('Jaeger query API v1', () => {
  it('lists services and operations, and searches with the parameters in the units jaeger-query reads', async () => {
    const seen: SearchSeen[] = [];
    server = await startLoopback(fakeJaegerV1(TRACES, seen));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });

    expect(await h.client.sourceServices({ name: 'jaeger' })).toEqual(['telemetrygen', 'tempo-distributor']);
    expect(await h.client.sourceOperations({ name: 'jaeger', service: 'tempo-distributor' })).toContain(TEMPO.spans[0]!.operationName);

    const window = around(TEMPO);
    const job = await h.finished(
      await h.client.pullTraces({
        source: 'jaeger',
        query: { service: 'tempo-distributor', minDurationMs: 0.5, maxDurationMs: 60_000, limit: 7, ...window },
      }),
    );
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'done', cached: false, source: 'jaeger' });
    expect(job.traces.map((t) => t.traceId)).toEqual([TEMPO.traceID]);
    expect(job.traces[0]!.spanCount).toBe(3);
    // start/end in µs, durations as Go durations (0.5 ms → 500us), limit passed on.
    expect(seen[0]).toEqual({
      service: 'tempo-distributor',
      startUs: Number(BigInt(window.startNs) / 1000n),
      endUs: Number(BigInt(window.endNs) / 1000n),
      minDurationUs: 500,
      maxDurationUs: 60_000_000,
      tags: {},
      limit: 7,
    });
    const search = server.requests.find((r) => r.path === '/api/traces')!;
    expect(search.query.get('minDuration')).toBe('500us');
  });

  it('sends tags as the JSON map Jaeger parses, and finds nothing when a tag does not match', async () => {
    const seen: SearchSeen[] = [];
    server = await startLoopback(fakeJaegerV1(TRACES, seen));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const tag = TELEMETRYGEN.spans[0]!.tags!.find((t) => typeof t.value === 'string')!;
    const window = around(TELEMETRYGEN);
    const hit = await h.finished(await h.client.pullTraces({ source: 'jaeger', query: { service: 'telemetrygen', tags: { [tag.key]: String(tag.value) }, ...window } }));
    expect(hit.traces.map((t) => t.traceId)).toEqual([TELEMETRYGEN.traceID]);
    expect(seen[0]!.tags).toEqual({ [tag.key]: String(tag.value) });
    const miss = await h.finished(await h.client.pullTraces({ source: 'jaeger', query: { service: 'telemetrygen', tags: { [tag.key]: 'no such value' }, ...window } }));
    expect(miss).toMatchObject({ state: 'done', traces: [] });
  });

  it('refuses a search without a service before asking Jaeger (it would answer 400)', async () => {
    server = await startLoopback(fakeJaegerV1(TRACES));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const job = await h.finished(await h.client.pullTraces({ source: 'jaeger', query: { limit: 5 } }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'config' });
    expect(job.error).toContain('source "jaeger"');
    expect(server.requests.filter((r) => r.path === '/api/traces')).toHaveLength(0);
  });

  it('answers the same question from the cache once the server is gone, and refresh asks again', async () => {
    server = await startLoopback(fakeJaegerV1(TRACES));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const query = { service: 'telemetrygen', ...around(TELEMETRYGEN) };
    const first = await h.finished(await h.client.pullTraces({ source: 'jaeger', query }));
    expect(first).toMatchObject({ state: 'done', cached: false });
    await server.close();

    const again = await h.finished(await h.client.pullTraces({ source: 'jaeger', query }));
    expect(again).toMatchObject({ state: 'done', cached: true, fetchedAt: first.fetchedAt, loadId: first.loadId });
    expect(again.traces).toEqual(first.traces);

    const before = h.counts();
    const refreshed = await h.finished(await h.client.pullTraces({ source: 'jaeger', query, refresh: true }));
    expect(refreshed).toMatchObject({ state: 'failed', errorStage: 'connect' });
    expect(refreshed.error).toMatch(/^source "jaeger": GET \/api\/traces\?service=telemetrygen.*connection refused/);
    expect(h.counts()).toEqual(before);
    const ledger = await h.client.listLoads({ limit: 10 });
    expect(ledger.map((l) => [l.kind, l.status])).toEqual([['pull', 'failed'], ['pull', 'done']]);
    expect(ledger[1]!.target).toBe(`jaeger traces {"endNs":"${query.endNs}","limit":20,"service":"telemetrygen","startNs":"${query.startNs}"}`);
  });

  it('fetches a trace by id (any id form) and stores exactly the rows a file import of the same answer stores', async () => {
    server = await startLoopback(fakeJaegerV1(TRACES));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const job = await h.finished(await h.client.pullTrace({ traceId: TEMPO.traceID.toUpperCase() }));
    expect(job).toMatchObject({ state: 'done', source: 'jaeger', tried: [{ source: 'jaeger', outcome: 'found' }] });
    expect(server.requests.at(-1)!.path).toBe(`/api/traces/${TEMPO.traceID}`);

    const imported = tempCache();
    try {
      await importFile(imported.db, join(V1, 'perses__pushbytes_jaeger.json'));
      const rows = (db: typeof imported.db) =>
        db.prepare('SELECT * FROM spans ORDER BY span_id, start_ns').safeIntegers(true).all().map((r) => ({ ...(r as object), load_id: null }));
      expect(rows(h.core.db)).toEqual(rows(imported.db));
    } finally {
      imported.dispose();
    }
  });

  it('asks each trace source in order, first hit wins, and the same trace from two sources is stored once', async () => {
    const empty = await startLoopback(fakeJaegerV1([]));
    server = await startLoopback(fakeJaegerV1(TRACES));
    const other = await startLoopback(fakeJaegerV1(TRACES));
    h = await sourceHarness();
    try {
      await h.add({ name: 'empty', kind: 'jaeger', url: empty.url });
      await h.add({ name: 'prod', kind: 'jaeger', url: server.url });
      await h.add({ name: 'copy', kind: 'jaeger', url: other.url });
      const job = await h.finished(await h.client.pullTrace({ traceId: TELEMETRYGEN.traceID }));
      expect(job.tried).toEqual([{ source: 'empty', outcome: 'not found' }, { source: 'prod', outcome: 'found' }]);
      expect(job.source).toBe('prod');
      expect(other.requests).toHaveLength(0);
      const counts = h.counts();

      const second = await h.finished(await h.client.pullTrace({ traceId: TELEMETRYGEN.traceID, source: 'copy', refresh: true }));
      expect(second).toMatchObject({ state: 'done', source: 'copy', cached: false });
      expect(h.counts().spans).toBe(counts.spans);
      const load = (await h.client.listLoads({ limit: 1 }))[0]!;
      expect(load).toMatchObject({ spansSeen: 2, spansAdded: 0 });

      // Asked again without a source: the cache answers, naming the latest source that returned it.
      const cached = await h.finished(await h.client.pullTrace({ traceId: TELEMETRYGEN.traceID }));
      expect(cached).toMatchObject({ cached: true, source: 'copy' });
    } finally {
      await empty.close();
      await other.close();
    }
  });

  it('reports a trace no source has as not found, naming every source asked', async () => {
    server = await startLoopback(fakeJaegerV1(TRACES));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const job = await h.finished(await h.client.pullTrace({ traceId: 'abcdef0123456789' }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'not-found' });
    expect(job.error).toContain('trace 0000000000000000abcdef0123456789 was not found (jaeger: not found)');
  });

  it('reads dependencies with endTs and lookback in ms', async () => {
    const { openConnector } = await import('./connectors.js');
    server = await startLoopback(fakeJaegerV1(TRACES));
    const { sourceConfig } = await import('../../../shared/sources.js');
    const open = openConnector(sourceConfig.parse({ name: 'j', kind: 'jaeger', url: server.url }), null);
    try {
      const deps = await open.connector.dependencies!({ startNs: 1_700_000_000_000_000_000n, endNs: 1_700_003_600_000_000_000n }, { signal: new AbortController().signal });
      expect(deps).toHaveLength(7);
      expect(deps[0]).toEqual({ parent: 'Service1', child: 'Service2', callCount: 30489, errorCount: null });
      const req = server.requests.at(-1)!;
      expect([req.query.get('endTs'), req.query.get('lookback')]).toEqual(['1700003600000', '3600000']);
    } finally {
      open.close();
    }
  });

  it('keeps two different spans sharing one span id (Jaeger UI shows both) and says so in the pull\'s warnings', async () => {
    // Same id, kind and start as a real span, but another operation, in error: the span the old identity dropped.
    const twin = { ...TEMPO.spans[1]!, operationName: 'retry', tags: [...(TEMPO.spans[1]!.tags ?? []), { key: 'error', type: 'bool', value: true }] };
    const trace = { ...TEMPO, spans: [...TEMPO.spans, twin] };
    server = await startLoopback(fakeJaegerV1([trace]));
    h = await sourceHarness();
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    const job = await h.finished(await h.client.pullTrace({ traceId: TEMPO.traceID }));
    expect(job).toMatchObject({ state: 'done', spansSeen: 4 });
    const spans = (await h.client.getTrace({ traceId: TEMPO.traceID })).spans.filter((s) => s.spanId === twin.spanID);
    expect(spans.map((s) => [s.name, s.statusCode]).sort()).toEqual([[TEMPO.spans[1]!.operationName, 'unset'], ['retry', 'error']].sort());
    expect(job.warnings).toEqual([expect.stringContaining(`span id ${twin.spanID} is used by two different spans starting at the same time`)]);
    // A note on what was read, not a partial trace: the waterfall does not say partial.
    expect((await h.client.traceLayout({ traceId: TEMPO.traceID })).partial).toBeNull();
    const again = await h.finished(await h.client.pullTrace({ traceId: TEMPO.traceID, refresh: true }));
    expect(again.error).toBeNull();
    expect((await h.client.getTrace({ traceId: TEMPO.traceID })).spans).toHaveLength(4);
  });
});

describe('Jaeger query API v3', () => {
  const hotrod = JSON.parse(readFileSync(join(V3, 'jaeger-ui__apiv3-getTrace-response_hotrod.json'), 'utf8')) as unknown;
  const HOTROD_ID = '2ea75461946a7dd10f2c15ab36a076cb';

  it('searches with RFC 3339 times and Go durations, and fetches OTLP-shaped traces', async () => {
    const seen: URLSearchParams[] = [];
    server = await startLoopback(fakeJaegerV3(new Map([[HOTROD_ID, hotrod]]), ['frontend'], seen));
    h = await sourceHarness();
    await h.add({ name: 'j3', kind: 'jaeger', url: server.url, options: { apiVersion: 'v3' } });
    expect(await h.client.sourceServices({ name: 'j3' })).toEqual(['frontend']);
    expect(await h.client.sourceOperations({ name: 'j3', service: 'frontend' })).toEqual(['get_users']);

    const job = await h.finished(
      await h.client.pullTraces({ source: 'j3', query: { service: 'frontend', minDurationMs: 2, startNs: '1700000000123456789', endNs: '1700000100000000000', limit: 5 } }),
    );
    expect(job.error).toBeNull();
    expect(job.traces.map((t) => t.traceId)).toEqual([HOTROD_ID]);
    expect(job.traces[0]!.spanCount).toBeGreaterThan(10);
    const q = seen[0]!;
    expect(q.get('query.start_time_min')).toBe('2023-11-14T22:13:20.123456789Z');
    expect(q.get('query.duration_min')).toBe('2ms');
    expect(q.get('query.search_depth')).toBe('5');

    // "No traces found" is Jaeger's 404: an empty answer, not an error.
    const none = await h.finished(await h.client.pullTraces({ source: 'j3', query: { service: 'nobody', lookbackMs: 60_000 } }));
    expect(none).toMatchObject({ state: 'done', traces: [] });

    const one = await h.finished(await h.client.pullTrace({ traceId: HOTROD_ID, source: 'j3', refresh: true }));
    expect(one).toMatchObject({ state: 'done', traces: [{ traceId: HOTROD_ID }] });
  });
});
