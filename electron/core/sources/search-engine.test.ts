import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { expectFaults, standardFaults } from './test-support/fault-cases.js';
import { fakeSearchEngine, type FakeSearchOptions } from './test-support/fake-search-engine.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

const DIR = join(UPSTREAM, 'elasticsearch');
const sample = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;
const TOKEN = 'es-api-key-0d4e8b2a';
const T0 = Date.parse('2024-03-12T20:00:00.000Z');
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const WINDOW = { startNs: ((BigInt(T0) - 3_600_000n) * 1_000_000n).toString(), endNs: ((BigInt(T0) + 3_600_000n) * 1_000_000n).toString() };

/** 60 ECS log documents, two per millisecond (pages end between twins), every fourth in TRACE. */
const APP = Array.from({ length: 60 }, (_, i) => ({
  '@timestamp': new Date(T0 + Math.floor(i / 2)).toISOString(),
  message: `step ${i}${i % 10 === 0 ? ' card declined' : ''}`,
  service: { name: i % 3 === 0 ? 'cart' : 'checkout' },
  log: { level: i % 5 === 0 ? 'error' : 'info' },
  trace: { id: i % 4 === 0 ? TRACE : '1'.repeat(32) },
  span: { id: `00f067aa0ba902${String(i).padStart(2, '0')}` },
}));
/** The collector's OTel-native mapping (FORMATS.md §7): top-level trace_id, severity_text, resource.attributes. */
const OTEL = [{ '@timestamp': new Date(T0 + 500).toISOString(), body: { text: 'payment declined' }, severity_text: 'WARN', trace_id: TRACE, span_id: '00f067aa0ba90299', resource: { attributes: { 'service.name': 'payment' } } }];

const INDICES = {
  'logs-app': APP,
  'logs-otel': OTEL,
  'logs-ecs': [sample('otel-contrib__esexporter_ecs-mode_log-doc.json'), sample('otel-contrib__esexporter_ecs-mode_log-doc_golden.json')] as Record<string, unknown>[],
  'logs-apm-errors': sample('apm-server__docs-generated_errors_source-docs.json') as Record<string, unknown>[],
};

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(fake: Partial<FakeSearchOptions> = {}, source: Record<string, unknown> = {}, maxBytes?: number): Promise<void> {
  server = await startLoopback(fakeSearchEngine({ distribution: 'elasticsearch', indices: INDICES, verbatim: { 'apm-7.17.6': sample('apm-server__es-7.17-_search-response_apm-docs.json') }, ...fake }));
  h = await sourceHarness(maxBytes === undefined ? {} : { maxBytes });
  await h.add({ name: 'es', kind: 'elasticsearch', url: server.url, auth: { type: 'headers', names: ['Authorization'] }, ...source } as never, { headers: { Authorization: `ApiKey ${TOKEN}` } });
}

describe('Elasticsearch log search', () => {
  it('sends a bool query with a ns time range, trace id and service terms, query_string and the paging sort', async () => {
    const seen: Record<string, unknown>[] = [];
    await setUp({ seen });
    const job = await h.finished(await h.client.pullLogs({ source: 'es', query: { service: 'checkout', traceId: TRACE.toUpperCase(), query: 'declined', limit: 50, ...WINDOW } }));
    expect(job.error).toBeNull();
    expect(seen[0]).toEqual({
      size: 50,
      track_total_hits: false,
      query: {
        bool: {
          filter: [
            { range: { '@timestamp': { gte: '2024-03-12T19:00:00.000000000Z', lte: '2024-03-12T21:00:00.000000000Z', format: 'strict_date_optional_time_nanos' } } },
            { bool: { should: ['trace.id', 'trace_id', 'traceId'].map((f) => ({ term: { [f]: TRACE } })), minimum_should_match: 1 } },
            { bool: { should: ['service.name', 'resource.attributes.service.name', 'serviceName'].map((f) => ({ term: { [f]: 'checkout' } })), minimum_should_match: 1 } },
          ],
          must: [{ query_string: { query: 'declined' } }],
        },
      },
      sort: [{ '@timestamp': { order: 'desc', unmapped_type: 'date' } }, { _doc: { order: 'desc' } }],
    });
    // i % 10 == 0 (declined), i % 4 == 0 (TRACE), not i % 3 == 0 (cart): 20 and 40.
    expect(job.logs.map((l) => l.body)).toEqual(['step 40 card declined', 'step 20 card declined']);
    expect(job.logs[0]).toMatchObject({ service: 'checkout', traceId: TRACE, spanId: '00f067aa0ba90240', severityText: 'error', severityNumber: 17 });
    expect(server.requests.at(-1)!.headers.authorization).toBe(`ApiKey ${TOKEN}`);
  });

  it('finds OTel-native documents with the default ECS fields, and reads documents without trace context', async () => {
    await setUp();
    const byTrace = await h.finished(await h.client.pullLogs({ source: 'es', query: { traceId: TRACE, ...WINDOW } }));
    expect(byTrace.logs.filter((l) => l.service === 'payment').map((l) => [l.body, l.severityNumber, l.traceId])).toEqual([['payment declined', 13, TRACE]]);
    expect(byTrace.logs).toHaveLength(16);
    const errors = await h.finished(await h.client.pullLogs({ source: 'es', query: { query: 'service.name:abc', startNs: '1494288000000000000', endNs: '1494374400000000000' } }));
    expect(errors.logs.map((l) => [l.body, l.traceId])).toEqual([['My service could not talk to the database named foobar', null]]);
  });

  it('pages with search_after from the last hit\'s sort values, within the index\'s max_result_window', async () => {
    const seen: Record<string, unknown>[] = [];
    await setUp({ seen, maxResultWindow: 25 });
    const job = await h.finished(await h.client.pullLogs({ source: 'es', query: { query: 'step', limit: 1000, ...WINDOW } }));
    expect(job.error).toBeNull();
    expect(job.logs).toHaveLength(60);
    expect(new Set(job.logs.map((l) => l.body)).size).toBe(60);
    // 1000 refused (window 25), then pages of 25, 25, 10; each asks after the previous page's last [ms, _doc].
    expect(seen.map((b) => b.size)).toEqual([1000, 25, 25, 25]);
    expect(seen[1]!.search_after).toBeUndefined();
    expect(seen[2]!.search_after).toEqual([T0 + 17, 35]);
    expect(seen[3]!.search_after).toEqual([T0 + 5, 10]);

    const limited = await h.finished(await h.client.pullLogs({ source: 'es', query: { query: 'step', limit: 30, ...WINDOW } }));
    expect(limited.logs).toHaveLength(30);
    expect(seen.slice(4).map((b) => b.size)).toEqual([30, 25, 5]);
  });

  it('pages exactly over a date_nanos timestamp: documents 1 ns apart across page boundaries, none skipped or repeated', async () => {
    // 40 documents at .123456750 … .123456789 s, newest first; the sort value is epoch ns, beyond a double's 2^53.
    const base = 1704067200123456750n;
    const iso = (ns: bigint) => `2024-01-01T00:00:00.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
    const docs = Array.from({ length: 40 }, (_, i) => ({ '@timestamp': iso(base + BigInt(i)), message: `nano ${i}`, service: { name: 'clock' } }));
    await setUp({ dateNanos: true, maxResultWindow: 7, indices: { 'logs-nanos': docs } });
    const job = await h.finished(await h.client.pullLogs({ source: 'es', query: { limit: 100, startNs: '1704067200000000000', endNs: '1704067201000000000' } }));
    expect(job.error).toBeNull();
    expect(job.logs.map((l) => l.body)).toEqual(docs.map((d) => d.message).reverse());
    expect(job.logs.map((l) => l.timeNs)).toEqual(docs.map((_, i) => (base + BigInt(i)).toString()).reverse());
    expect(job.logs[0]!.timeNs).toBe('1704067200123456789');
    // Each page asks after the previous page's last hit, to the nanosecond: 39…33, then 32…26, …
    const afters = server.requests.map((r) => /"search_after":\[([^\]]*)\]/.exec(r.body)?.[1]).filter((a) => a !== undefined);
    expect(afters.slice(0, 2)).toEqual([`${base + 33n},33`, `${base + 26n},26`]);
    // The cache holds the same exact times.
    const stored = h.core.db.prepare("SELECT time_ns FROM logs WHERE body LIKE 'nano %' ORDER BY time_ns").safeIntegers(true).pluck().all() as bigint[];
    expect(stored).toEqual(docs.map((_, i) => base + BigInt(i)));
  });

  it('pulls the apm-server _search answer as the engine sent it', async () => {
    await setUp({}, { options: { indexPattern: 'apm-7.17.6-*' } });
    const job = await h.finished(await h.client.pullLogs({ source: 'es', query: { startNs: '1662954000000000000', endNs: '1662955000000000000' } }));
    expect(job.error).toBeNull();
    expect(job.logs).toHaveLength(8);
    expect(job.logs.find((l) => l.body === 'boom')).toMatchObject({ service: 'main', traceId: '5cfc595035477ea235a632fc3e2bb6b1' });
  });

  it('uses the configured index and field names', async () => {
    const seen: Record<string, unknown>[] = [];
    await setUp({ seen, indices: { 'app-2024.03': [{ ts: new Date(T0).toISOString(), text: 'hello', app: 'web', tid: TRACE }] } }, { options: { indexPattern: 'app-*', fields: { traceId: 'tid', service: 'app', timestamp: 'ts', message: 'text' } } });
    const job = await h.finished(await h.client.pullLogs({ source: 'es', query: { traceId: TRACE, ...WINDOW } }));
    expect(server.requests.at(-1)!.path).toBe('/app-*/_search');
    expect(JSON.stringify(seen[0])).toContain('{"term":{"tid":"0af7651916cd43dd8448eb211c80319c"}}');
    expect(job.logs.map((l) => [l.body, l.service, l.traceId])).toEqual([['hello', 'web', TRACE]]);
  });

  it('names the engine\'s own error: a query_string it cannot parse, an index that does not exist', async () => {
    await setUp();
    const before = h.counts();
    const bad = await h.finished(await h.client.pullLogs({ source: 'es', query: { query: 'message:"unclosed', ...WINDOW } }));
    expect(bad).toMatchObject({ state: 'failed', errorStage: 'response' });
    expect(bad.error).toMatch(/^source "es": POST \/logs-\*\/_search: 400 Bad Request: search_phase_execution_exception: all shards failed \(query_shard_exception: Failed to parse query \[message:"unclosed\]\)/);
    await h.add({ name: 'es', kind: 'elasticsearch', url: server.url, options: { indexPattern: 'logs-2023' } });
    const missing = await h.finished(await h.client.pullLogs({ source: 'es', query: WINDOW }));
    expect(missing).toMatchObject({ state: 'failed', errorStage: 'not-found' });
    expect(missing.error).toMatch(/no index matches "logs-2023" \(index_not_found_exception: no such index \[logs-2023\]\); check the source's index pattern/);
    expect(h.counts()).toEqual(before);
  });

  it('answers from the cache once the cluster is gone', async () => {
    await setUp();
    const query = { service: 'cart', ...WINDOW };
    const first = await h.finished(await h.client.pullLogs({ source: 'es', query }));
    expect(first.logs).toHaveLength(20);
    await server.close();
    const again = await h.finished(await h.client.pullLogs({ source: 'es', query }));
    expect(again).toMatchObject({ state: 'done', cached: true, fetchedAt: first.fetchedAt });
    expect(again.logs.map((l) => l.body).sort()).toEqual(first.logs.map((l) => l.body).sort());
  });
});

describe('Elasticsearch and OpenSearch connection test, services and faults', () => {
  it('tells Elasticsearch from OpenSearch by GET /, counts the documents, and lists services by a terms aggregation', async () => {
    await setUp({ totalAsNumber: true });
    const es = await h.client.testSource({ name: 'es' });
    expect(es.stages.at(-1)).toMatchObject({ stage: 'api', ok: true, detail: 'Elasticsearch 8.13.4; index pattern logs-*: 67 documents' });
    expect(await h.client.sourceServices({ name: 'es' })).toEqual(['1234_service-12a3', 'abc', 'cart', 'checkout', 'my-service', 'test-service']);
    await server.close();
    server = await startLoopback(fakeSearchEngine({ distribution: 'opensearch', indices: INDICES }));
    await h.add({ name: 'os', kind: 'opensearch', url: server.url });
    const os = await h.client.testSource({ name: 'os' });
    expect(os.stages.at(-1)).toMatchObject({ ok: true, detail: 'OpenSearch 2.11.1; index pattern logs-*: 67 documents' });
    await h.add({ name: 'es', kind: 'elasticsearch', url: server.url });
    const mislabelled = await h.client.testSource({ name: 'es' });
    expect(mislabelled.stages.at(-1)!.detail).toBe('OpenSearch 2.11.1 (configured as elasticsearch; the search API is the same); index pattern logs-*: 67 documents');
    const pulled = await h.finished(await h.client.pullLogs({ source: 'os', query: { service: 'cart', ...WINDOW } }));
    expect(pulled.logs).toHaveLength(20);
  });

  it('says what is not a search engine: Jaeger\'s JSON, an HTML login page', async () => {
    await setUp();
    server.fault = (req, res) => req.path === '/' && (res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":["frontend"],"total":1,"limit":0,"offset":0,"errors":null}'), true);
    const jaeger = await h.client.testSource({ name: 'es' });
    expect(jaeger.stages.at(-1)!.detail).toMatch(/GET \/: answered with JSON that is not Elasticsearch's or OpenSearch's root \(top-level keys: data, total/);
    server.fault = (_req, res) => (res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><title>Kibana</title></html>'), true);
    const html = await h.client.testSource({ name: 'es' });
    expect(html.stages.at(-1)!.detail).toMatch(/HTML page "Kibana"/);
    // A log reader's API key often may not read the cluster root: the index is still searched and counted.
    server.fault = (req, res) => req.path === '/' && (res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"error":{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized"},"status":403}'), true);
    const forbiddenRoot = await h.client.testSource({ name: 'es' });
    expect(forbiddenRoot.stages.at(-1)).toMatchObject({ stage: 'api', ok: true, detail: 'search API (GET / is forbidden for these credentials); index pattern logs-*: 67 documents' });
  });

  it('every fault fails the pull with a clear message and caches nothing', async () => {
    await setUp({}, { timeoutMs: 400 }, 1024 * 1024);
    const cases = standardFaults((req) => req.path.endsWith('/_search'), 400, TOKEN);
    await expectFaults(h, server, cases, 'es', /POST \/logs-\*\/_search: /, TOKEN, () => h.client.pullLogs({ source: 'es', query: { service: 'cart', ...WINDOW }, refresh: true }));
    // A failure on a later page keeps none of the earlier ones (requests: 60 refused, page 1, page 2 fails).
    h.dispose();
    await server.close();
    await setUp({ maxResultWindow: 25 });
    const before = h.counts();
    let pages = 0;
    server.fault = (req, res) => req.path.endsWith('/_search') && ++pages >= 3 && (res.writeHead(503).end(), true);
    const job = await h.finished(await h.client.pullLogs({ source: 'es', query: { query: 'step', limit: 60, ...WINDOW } }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'server' });
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(h.counts()).toEqual(before);
  });
});
