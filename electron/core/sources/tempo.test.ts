import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM, tempCache } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { expectFaults, standardFaults } from './test-support/fault-cases.js';
import { decodeLogfmt, fakeTempo, sampleTrace, type TempoSeen } from './test-support/fake-tempo.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { closedPortUrl, startLoopback, type Loopback } from './test-support/loopback.js';
import { logfmt } from './query-strings.js';

const DIR = join(UPSTREAM, 'tempo');
const sample = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;
/** Kiali's bookinfo trace (v1 batches, base64 ids, 8 spans over 5 services). */
const BOOKINFO = sampleTrace(sample('kiali__tempo-api-traces-response_batches-base64.json'));
/** Perses' tempo-distributor trace (a v2 `trace` object, 3 spans). */
const DISTRIBUTOR = sampleTrace(sample('perses__tempo-v2-trace-body_pushbytes_otlp.json'));
/** A 64-bit trace id (base64 "AAAAAAAAAAABI0VniavN7w=="): Tempo's search writes it as "123456789abcdef". */
const SHELL = sampleTrace(sample('tempo-prerelicense-docs__api-traces-curl-output_instrumentationLibrarySpans-base64.json'));
const TRACES = [BOOKINFO, DISTRIBUTOR, SHELL];
const TOKEN = 'tempo-token-5e1f0c27';

/** A window (ns strings) around a trace's spans. */
function around(trace: typeof BOOKINFO, seconds = 60): { startNs: string; endNs: string } {
  const start = trace.spans.reduce((m, s) => (s.startNs < m ? s.startNs : m), trace.spans[0]!.startNs);
  return { startNs: (start - BigInt(seconds) * 1_000_000_000n).toString(), endNs: (start + BigInt(seconds) * 1_000_000_000n).toString() };
}

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(options: { traceApi?: 'v1' | 'v2'; tenant?: string; seen?: TempoSeen[]; maxBytes?: number; timeoutMs?: number } = {}): Promise<void> {
  server = await startLoopback(fakeTempo(TRACES, { tenant: options.tenant, seen: options.seen }));
  h = await sourceHarness(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  await h.add({ name: 'tempo', kind: 'tempo', url: server.url, tenant: options.tenant, timeoutMs: options.timeoutMs, options: { traceApi: options.traceApi ?? 'v2' }, auth: { type: 'bearer' } }, { token: TOKEN });
}

describe('Tempo search', () => {
  it('sends service, span name and tags as the logfmt Tempo decodes, times in unix seconds, durations in Go form', async () => {
    const seen: TempoSeen[] = [];
    await setUp({ seen });
    const window = { startNs: '1701779816570888123', endNs: '1701779936000000001' };
    const tricky = 'say "hi"\\ = ok';
    const job = await h.finished(
      await h.client.pullTraces({
        source: 'tempo',
        query: { service: 'istio-ingressgateway.istio-system', operation: BOOKINFO.spans[0]!.name, tags: { 'http.status_code': '200' }, minDurationMs: 1.5, maxDurationMs: 2000, limit: 7, ...window },
      }),
    );
    expect(job.error).toBeNull();
    expect(job.traces.map((t) => [t.traceId, t.spanCount])).toEqual([[BOOKINFO.id, 8]]);
    const q = seen[0]!.query;
    expect(seen[0]!.tags).toEqual({ 'service.name': 'istio-ingressgateway.istio-system', name: BOOKINFO.spans[0]!.name, 'http.status_code': '200' });
    // start rounded down, end rounded up, to whole seconds.
    expect([q.get('start'), q.get('end'), q.get('limit')]).toEqual(['1701779816', '1701779937', '7']);
    expect([q.get('minDuration'), q.get('maxDuration'), q.get('q')]).toEqual(['1500us', '2000ms', null]);
    // The trace is then fetched whole on the v2 path.
    expect(server.requests.filter((r) => r.path.startsWith('/api/v2/traces/')).map((r) => r.path)).toEqual([`/api/v2/traces/${BOOKINFO.id}`]);
    // Values with quotes, backslashes and spaces survive go-logfmt's decoder.
    expect(decodeLogfmt(logfmt([['k', tricky]]))).toEqual({ k: tricky });
  });

  it('a tag value that matches nothing, and a window in the wrong unit, find nothing', async () => {
    await setUp();
    const none = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { service: 'reviews.bookinfo', tags: { 'http.status_code': '599' }, ...around(BOOKINFO) } }));
    expect(none).toMatchObject({ state: 'done', traces: [] });
    const later = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { service: 'reviews.bookinfo', startNs: '1801779816000000000', endNs: '1801779916000000000' } }));
    expect(later).toMatchObject({ state: 'done', traces: [] });
  });

  it('searches with TraceQL, pads the zero-trimmed search ids and respects the limit', async () => {
    const seen: TempoSeen[] = [];
    await setUp({ seen });
    const all = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: '{}', startNs: '1000000000000000000', endNs: '1800000000000000000', limit: 2 } }));
    expect(all.error).toBeNull();
    // Newest first, two of three: bookinfo (2023) and the distributor trace; the 2020 shell trace is past the limit.
    expect(all.traces.map((t) => t.traceId).sort()).toEqual([BOOKINFO.id, DISTRIBUTOR.id].sort());
    expect(seen[0]!.query.get('limit')).toBe('2');
    expect(server.requests.filter((r) => r.path.startsWith('/api/v2/traces/'))).toHaveLength(2);

    const shell = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: '{ resource.service.name = "shell script" }', ...around(SHELL) } }));
    expect(SHELL.id).toBe('00000000000000000123456789abcdef');
    expect(shell.traces.map((t) => t.traceId)).toEqual([SHELL.id]);
    expect(server.requests.at(-1)!.path).toBe(`/api/v2/traces/${SHELL.id}`);
    expect(seen[1]!.query.get('q')).toBe('{ resource.service.name = "shell script" }');
    expect(seen[1]!.query.get('tags')).toBeNull();
  });

  it('refuses TraceQL mixed with service or tags before asking Tempo', async () => {
    await setUp();
    const job = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: '{}', service: 'x' } }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'config' });
    expect(job.error).toMatch(/give either TraceQL or service\/operation\/tags/);
    expect(server.requests.filter((r) => r.path === '/api/search')).toHaveLength(0);
  });

  it('lists services from the service.name tag values and span names per service through the v2 TraceQL filter', async () => {
    await setUp();
    expect(await h.client.sourceServices({ name: 'tempo' })).toEqual(['details.bookinfo', 'istio-ingressgateway.istio-system', 'productpage.bookinfo', 'ratings.bookinfo', 'reviews.bookinfo', 'shell script', 'tempo-distributor']);
    expect(await h.client.sourceOperations({ name: 'tempo', service: 'shell script' })).toEqual(['span from bash!']);
    expect(server.requests.at(-1)!.query.get('q')).toBe('{ resource.service.name = "shell script" }');
    // Tempo 1.x has no /api/v2: the unfiltered v1 list is used.
    server.fault = (req, res) => req.path.startsWith('/api/v2/') && (res.writeHead(404).end('404 page not found\n'), true);
    const operations = await h.client.sourceOperations({ name: 'tempo', service: 'shell script' });
    expect(operations).toContain('span from bash!');
    expect(operations).toContain(DISTRIBUTOR.spans[0]!.name);
  });
});

describe('Tempo traces by id', () => {
  it('v1 /api/traces/{id} (batches, base64 ids) stores exactly the rows a file import of the same answer stores', async () => {
    await setUp({ traceApi: 'v1' });
    const job = await h.finished(await h.client.pullTrace({ traceId: BOOKINFO.id.toUpperCase(), source: 'tempo' }));
    expect(job).toMatchObject({ state: 'done', traces: [{ traceId: BOOKINFO.id, spanCount: 8 }] });
    expect(server.requests.at(-1)!.path).toBe(`/api/traces/${BOOKINFO.id}`);
    const imported = tempCache();
    try {
      await importFile(imported.db, join(DIR, 'kiali__tempo-api-traces-response_batches-base64.json'));
      const rows = (db: typeof imported.db) => db.prepare('SELECT * FROM spans ORDER BY span_id').safeIntegers(true).all().map((r) => ({ ...(r as object), load_id: null }));
      expect(rows(h.core.db)).toEqual(rows(imported.db));
    } finally {
      imported.dispose();
    }
  });

  it('sends the tenant as X-Scope-OrgID, and without it Tempo\'s 401 is an auth failure', async () => {
    await setUp({ tenant: 'team-a' });
    const job = await h.finished(await h.client.pullTrace({ traceId: DISTRIBUTOR.id, source: 'tempo' }));
    expect(job).toMatchObject({ state: 'done', traces: [{ traceId: DISTRIBUTOR.id, spanCount: 3 }] });
    expect(server.requests.at(-1)!.headers['x-scope-orgid']).toBe('team-a');
    await h.add({ name: 'tempo', kind: 'tempo', url: server.url });
    const refused = await h.client.testSource({ name: 'tempo' });
    expect(refused.stages.at(-1)).toMatchObject({ stage: 'auth', ok: false });
    expect(refused.stages.at(-1)!.detail).toMatch(/401 Unauthorized.*no org id/);
  });

  it('a trace Tempo does not have is "not found"; the router\'s 404 means a wrong base path', async () => {
    await setUp();
    const miss = await h.finished(await h.client.pullTrace({ traceId: 'abcdef0123456789abcdef0123456789', source: 'tempo' }));
    expect(miss).toMatchObject({ state: 'failed', errorStage: 'not-found' });
    expect(miss.error).toContain('trace abcdef0123456789abcdef0123456789 was not found (tempo: not found)');
    await h.add({ name: 'tempo', kind: 'tempo', url: `${server.url}/tempo` });
    const wrong = await h.finished(await h.client.pullTrace({ traceId: DISTRIBUTOR.id, source: 'tempo' }));
    expect(wrong.error).toMatch(/GET \/tempo\/api\/v2\/traces\/[0-9a-f]{32}: 404 Not Found, and not from Tempo's trace API: is the base URL right/);
  });

  it('caches a PARTIAL v2 answer as Tempo returned it, with a warning naming the trace that stays with it', async () => {
    const partial = sampleTrace(sample('perses__tempo-v2-trace-body_pushbytes_incomplete_otlp.json'));
    const reason = 'Tempo returned only part of this trace (trace exceeds max size (max bytes: 5000000))';
    server = await startLoopback(fakeTempo([{ ...partial, status: 'PARTIAL' }]));
    h = await sourceHarness();
    await h.add({ name: 'tempo', kind: 'tempo', url: server.url });
    const job = await h.finished(await h.client.pullTrace({ traceId: partial.id, source: 'tempo' }));
    expect(job).toMatchObject({ state: 'done', cached: false, traces: [{ traceId: partial.id, spanCount: 2 }], warnings: [`trace ${partial.id}: ${reason}`] });
    // The waterfall's header says so, from the ledger.
    expect((await h.client.traceLayout({ traceId: partial.id })).partial).toBe(reason);
    // Asked again with Tempo gone: the cached answer still carries the warning.
    await server.close();
    const again = await h.finished(await h.client.pullTrace({ traceId: partial.id }));
    expect(again).toMatchObject({ state: 'done', cached: true, warnings: [`trace ${partial.id}: ${reason}`] });

    // Once Tempo answers it whole (the same trace, its root included), it is partial no more.
    server = await startLoopback(fakeTempo([DISTRIBUTOR]));
    await h.add({ name: 'tempo', kind: 'tempo', url: server.url });
    const whole = await h.finished(await h.client.pullTrace({ traceId: partial.id, source: 'tempo', refresh: true }));
    expect(whole).toMatchObject({ state: 'done', cached: false, traces: [{ traceId: partial.id, spanCount: 3 }], warnings: [] });
    expect((await h.client.traceLayout({ traceId: partial.id })).partial).toBeNull();
  });

  it('in a search where one trace is partial, the warning names that trace and only its waterfall says partial', async () => {
    const example = sampleTrace(sample('perses__tempo-v2-trace-body_example_otlp.json'));
    server = await startLoopback(fakeTempo([BOOKINFO, { ...example, status: 'PARTIAL' }]));
    h = await sourceHarness();
    await h.add({ name: 'tempo', kind: 'tempo', url: server.url });
    const query = { traceql: '{}', startNs: '0', endNs: '2000000000000000000' };
    const job = await h.finished(await h.client.pullTraces({ source: 'tempo', query }));
    expect(job.error).toBeNull();
    expect(job.traces.map((t) => t.traceId).sort()).toEqual([BOOKINFO.id, example.id].sort());
    // The sample's ids are tokens ("sid1", "tid1"): the digests they became are said too, once per id, for its trace.
    expect(job.warnings).toEqual([
      `trace ${example.id}: Tempo returned only part of this trace (trace exceeds max size (max bytes: 5000000))`,
      ...['span id "sid1"', 'span id "sid2"', 'span id "sid3"', 'trace id "tid1"'].map((id) =>
        expect.stringMatching(new RegExp(`^trace ${example.id}: ${id} is neither hex nor base64 of (8|16) bytes: stored as [0-9a-f]+$`)),
      ),
    ]);
    expect((await h.client.traceLayout({ traceId: example.id })).partial).toMatch(/^Tempo returned only part of this trace/);
    expect((await h.client.traceLayout({ traceId: BOOKINFO.id })).partial).toBeNull();
    const cached = await h.finished(await h.client.pullTraces({ source: 'tempo', query }));
    expect(cached).toMatchObject({ cached: true, warnings: job.warnings });
    // The trace asked by id alone, answered from that search: only its own warning.
    expect((await h.finished(await h.client.pullTrace({ traceId: BOOKINFO.id }))).warnings).toEqual([]);
  });

  it('a v1 answer has no status: nothing is said to be partial', async () => {
    const partial = sampleTrace(sample('perses__tempo-v2-trace-body_pushbytes_incomplete_otlp.json'));
    server = await startLoopback(fakeTempo([{ ...partial, status: 'PARTIAL' }]));
    h = await sourceHarness();
    await h.add({ name: 'tempo', kind: 'tempo', url: server.url, options: { traceApi: 'v1' } });
    const job = await h.finished(await h.client.pullTrace({ traceId: partial.id, source: 'tempo' }));
    expect(job).toMatchObject({ state: 'done', warnings: [] });
    expect(server.requests.at(-1)!.path).toBe(`/api/traces/${partial.id}`);
  });

  it('answers from the cache once Tempo is gone', async () => {
    await setUp();
    const first = await h.finished(await h.client.pullTrace({ traceId: BOOKINFO.id, source: 'tempo' }));
    expect(first).toMatchObject({ state: 'done', cached: false });
    const query = { service: 'tempo-distributor', ...around(DISTRIBUTOR) };
    const search = await h.finished(await h.client.pullTraces({ source: 'tempo', query }));
    expect(search.traces.map((t) => t.traceId)).toEqual([DISTRIBUTOR.id]);
    await server.close();
    const again = await h.finished(await h.client.pullTrace({ traceId: BOOKINFO.id }));
    expect(again).toMatchObject({ state: 'done', cached: true, fetchedAt: first.fetchedAt, source: 'tempo', traces: [{ traceId: BOOKINFO.id, spanCount: 8 }] });
    const searchAgain = await h.finished(await h.client.pullTraces({ source: 'tempo', query }));
    expect(searchAgain).toMatchObject({ state: 'done', cached: true, traces: search.traces });
  });
});

describe('Tempo connection test and faults', () => {
  it('says what it found, and what is not Tempo', async () => {
    await setUp();
    const ok = await h.client.testSource({ name: 'tempo' });
    expect(ok.ok).toBe(true);
    expect(ok.stages.at(-1)!.detail).toMatch(/^Grafana Tempo: \d+ search tags$/);
    // Jaeger's JSON on the same path (a proxy routing to the wrong backend).
    server.fault = (req, res) => req.path === '/api/search/tags' && (res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":["frontend"],"total":1,"limit":0,"offset":0,"errors":null}'), true);
    const jaeger = await h.client.testSource({ name: 'tempo' });
    expect(jaeger.stages.at(-1)).toMatchObject({ stage: 'api', ok: false });
    expect(jaeger.stages.at(-1)!.detail).toMatch(/not a Tempo response \(top-level keys: data, total, limit, offset, errors\); is this Grafana Tempo's HTTP API/);
  });

  it('every fault fails the pull with a clear message and caches nothing', async () => {
    await setUp({ maxBytes: 1024 * 1024, timeoutMs: 400 });
    const cases = standardFaults((req) => req.path.startsWith('/api/v2/traces/'), 400, TOKEN);
    await expectFaults(h, server, cases, 'tempo', /GET \/api\/v2\/traces\/[0-9a-f]{32}: /, TOKEN, () => h.client.pullTrace({ traceId: BOOKINFO.id, source: 'tempo', refresh: true }));
    // A search whose trace fetch fails caches none of the traces it found.
    server.fault = (req, res) => req.path === `/api/v2/traces/${SHELL.id}` && (res.writeHead(500).end(), true);
    const before = h.counts();
    const job = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: '{}', startNs: '1000000000000000000', endNs: '1800000000000000000' } }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'server' });
    expect(h.counts()).toEqual(before);
  });

  it('429 with Retry-After is waited out and the pull succeeds; a closed port is refused', async () => {
    await setUp();
    let refused = 0;
    server.fault = (req, res) => req.path === '/api/search' && refused++ === 0 && (res.writeHead(429, { 'Retry-After': '1' }).end(), true);
    const started = Date.now();
    const job = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: '{}', ...around(SHELL) } }));
    expect(job).toMatchObject({ state: 'done', traces: [{ traceId: SHELL.id }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await h.add({ name: 'tempo', kind: 'tempo', url: await closedPortUrl() });
    const closed = await h.finished(await h.client.pullTrace({ traceId: BOOKINFO.id, source: 'tempo' }));
    expect(closed).toMatchObject({ state: 'failed', errorStage: 'connect' });
    expect(closed.error).toMatch(/connection refused/);
  });
});
