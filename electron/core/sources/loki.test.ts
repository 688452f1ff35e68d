import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { expectFaults, standardFaults } from './test-support/fault-cases.js';
import { fakeLoki, lokiTime, sampleStreams, type FakeLokiOptions, type LokiSeen, type LokiStream } from './test-support/fake-loki.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

const DIR = join(UPSTREAM, 'loki');
const sample = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;
const TOKEN = 'loki-token-93c1d7e0';
const T = 1_700_000_000_000_000_000n;
const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';
const WEIRD = 'pay "ments"\\prod';

/** checkout: 60 lines, two per millisecond (pages end inside a shared ns); every third carries TRACE_A as metadata. */
const CHECKOUT: LokiStream = {
  labels: { service_name: 'checkout', env: 'prod' },
  entries: Array.from({ length: 60 }, (_, i) => ({
    ts: T + BigInt(Math.floor(i / 2)) * 1_000_000n,
    line: `level=info msg="step ${i}"`,
    metadata: i % 3 === 0 ? { trace_id: TRACE_A, span_id: `00f067aa0ba902${String(i).padStart(2, '0')}` } : undefined,
  })),
};
/** cart: ids inside JSON lines. */
const CART: LokiStream = {
  labels: { service_name: 'cart' },
  entries: Array.from({ length: 10 }, (_, i) => ({ ts: T + BigInt(i) * 7_000_000n, line: JSON.stringify({ level: 'error', msg: `cart ${i}`, traceId: TRACE_B }) })),
};
const ODD: LokiStream = { labels: { service_name: WEIRD }, entries: [{ ts: T, line: 'WARN odd one' }] };
const STREAMS = [CHECKOUT, CART, ODD, ...sampleStreams(sample('loki__query_range-streams_uncategorized-three-streams.json'))];
const WINDOW = { startNs: (T - 1_000_000_000n).toString(), endNs: (T + 1_000_000_000n).toString() };

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(fake: FakeLokiOptions = {}, source: { url?: string; timeoutMs?: number; tenant?: string } = {}, maxBytes?: number): Promise<void> {
  server = await startLoopback(fakeLoki(STREAMS, { matrix: sample('loki__query_range-matrix_with-stats.json'), ...fake }));
  h = await sourceHarness(maxBytes === undefined ? {} : { maxBytes });
  await h.add({ name: 'loki', kind: 'loki', url: source.url ?? server.url, timeoutMs: source.timeoutMs, tenant: source.tenant, auth: { type: 'bearer' } }, { token: TOKEN });
}

const queries = () => server.requests.filter((r) => r.path === '/loki/api/v1/query_range');

describe('Loki log search', () => {
  it('sends LogQL with the service selector and a trace-id line filter, ns times, and reads ids from structured metadata', async () => {
    const seen: LokiSeen[] = [];
    await setUp({ seen }, { tenant: 'team-a' });
    const job = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service: 'checkout', traceId: TRACE_A.toUpperCase(), limit: 10, ...WINDOW } }));
    expect(job.error).toBeNull();
    expect(seen[0]).toEqual({ query: `{service_name="checkout"} |~ "(?i)${TRACE_A}"`, startNs: BigInt(WINDOW.startNs), endNs: BigInt(WINDOW.endNs), limit: 10, direction: 'backward', categorized: true });
    expect(queries()[0]!.query.get('start')).toBe(WINDOW.startNs);
    expect(queries()[0]!.headers['x-scope-orgid']).toBe('team-a');
    // Line filters match the line, not metadata: the checkout lines do not contain the id, so nothing matches…
    expect(job.logs).toEqual([]);
    // …while a query on the metadata label finds every third line, with ids, severity and service.
    const byLabel = await h.finished(await h.client.pullLogs({ source: 'loki', query: { query: `{service_name="checkout"} | trace_id="${TRACE_A}"`, limit: 100, ...WINDOW } }));
    expect(byLabel.logs).toHaveLength(20);
    expect(byLabel.logs.every((l) => l.traceId === TRACE_A && l.spanId?.startsWith('00f067aa0ba902') && l.service === 'checkout' && l.severityNumber === 9)).toBe(true);
    expect(byLabel.logs[0]!.resource).toEqual({ service_name: 'checkout', env: 'prod' });
  });

  it('finds trace ids inside JSON lines with a line filter, and escapes service names the way LogQL reads them', async () => {
    const seen: LokiSeen[] = [];
    await setUp({ seen });
    const cart = await h.finished(await h.client.pullLogs({ source: 'loki', query: { traceId: TRACE_B, ...WINDOW } }));
    expect(seen[0]!.query).toBe(`{service_name=~".+"} |~ "(?i)${TRACE_B}"`);
    expect(cart.logs.map((l) => [l.service, l.traceId, l.severityText])).toEqual(Array.from({ length: 10 }, () => ['cart', TRACE_B, 'error']));
    const odd = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service: WEIRD, ...WINDOW } }));
    expect(seen[1]!.query).toBe('{service_name="pay \\"ments\\"\\\\prod"}');
    expect(odd.logs.map((l) => [l.body, l.service, l.severityNumber])).toEqual([['WARN odd one', WEIRD, 13]]);
    const filtered = await h.finished(await h.client.pullLogs({ source: 'loki', query: { query: '{env="prod"} |= "step 1"', service: 'checkout', ...WINDOW } }));
    expect(seen[2]!.query).toBe('{env="prod"} |= "step 1" | service_name="checkout"');
    expect(filtered.logs.map((l) => l.body).sort()).toEqual(['level=info msg="step 1"', ...Array.from({ length: 10 }, (_, i) => `level=info msg="step 1${i}"`)].sort());
  });

  it('pages newest first within Loki\'s max entries, ending each page just after the oldest entry, without losing or repeating lines', async () => {
    const seen: LokiSeen[] = [];
    await setUp({ seen, maxEntries: 25 });
    const job = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service: 'checkout', limit: 1000, ...WINDOW } }));
    expect(job.error).toBeNull();
    expect(job.logs).toHaveLength(60);
    expect(new Set(job.logs.map((l) => l.body)).size).toBe(60);
    // 1000 is over Loki's limit: refused once, then pages of 25.
    // Pages: entries 59…35, then 35…11 (35 read again at the shared ns and dropped), then the last 12 (a short page).
    expect(seen.map((s) => s.limit)).toEqual([25, 25, 25]);
    expect(queries()).toHaveLength(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.endNs).toBeLessThanOrEqual(seen[i - 1]!.endNs);
    // The second page ends 1 ns after the oldest entry of the first (entry 35's millisecond, shared with entry 34).
    expect(seen[1]!.endNs).toBe(T + 17n * 1_000_000n + 1n);

    const newest = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service: 'checkout', limit: 45, ...WINDOW } }));
    expect(newest.logs).toHaveLength(45);
    const oldestKept = newest.logs.map((l) => BigInt(l.timeNs)).reduce((a, b) => (a < b ? a : b));
    expect(oldestKept).toBe(T + 7n * 1_000_000n);
  });

  it('reads the upstream three-streams sample as Loki serves it, and refuses a metric query with a clear error', async () => {
    await setUp();
    const job = await h.finished(await h.client.pullLogs({ source: 'loki', query: { query: '{test="test"}', startNs: '123456789000000', endNs: '123456790000000' } }));
    expect(job.logs.map((l) => [l.body, l.resource]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['super line', { test: 'test' }],
      ['super line with labels', { test: 'test', foo: 'a', bar: 'b' }],
      ['super line with labels msg=baz', { test: 'test', foo: 'a', bar: 'b', msg: 'baz' }],
    ]);
    const before = h.counts();
    const metric = await h.finished(await h.client.pullLogs({ source: 'loki', query: { query: 'rate({job="varlogs"}[5m])', ...WINDOW } }));
    expect(metric).toMatchObject({ state: 'failed', errorStage: 'response' });
    expect(metric.error).toMatch(/^source "loki": GET \/loki\/api\/v1\/query_range\?query=rate.*"matrix" is the answer to a metric query; Casefile stores log lines/);
    const bad = await h.finished(await h.client.pullLogs({ source: 'loki', query: { query: '{job=varlogs}', ...WINDOW } }));
    expect(bad.error).toMatch(/400 Bad Request: Loki refused the query: parse error at line 1, col 6/);
    expect(h.counts()).toEqual(before);
  });

  it('answers from the cache once Loki is gone', async () => {
    await setUp();
    const query = { service: 'cart', ...WINDOW };
    const first = await h.finished(await h.client.pullLogs({ source: 'loki', query }));
    expect(first).toMatchObject({ state: 'done', cached: false });
    expect(first.logs).toHaveLength(10);
    await server.close();
    const again = await h.finished(await h.client.pullLogs({ source: 'loki', query }));
    expect(again).toMatchObject({ state: 'done', cached: true, fetchedAt: first.fetchedAt, loadId: first.loadId });
    expect(again.logs.map((l) => l.body).sort()).toEqual(first.logs.map((l) => l.body).sort());
  });
});

describe('Loki labels, connection test and faults', () => {
  it('lists services from the first service label present, and tests the connection', async () => {
    await setUp();
    expect(await h.client.sourceServices({ name: 'loki' })).toEqual(['cart', 'checkout', WEIRD]);
    expect(server.requests.at(-1)!.path).toBe('/loki/api/v1/label/service_name/values');
    expect(await h.client.sourceOperations({ name: 'loki', service: 'cart' })).toEqual([]);
    const ok = await h.client.testSource({ name: 'loki' });
    expect(ok.stages.at(-1)).toMatchObject({ stage: 'api', ok: true, detail: 'Grafana Loki: 6 labels' });
  });

  it('says what is wrong: a base path missing the gateway prefix, Jaeger\'s JSON, an HTML page', async () => {
    await setUp({}, {});
    await h.add({ name: 'loki', kind: 'loki', url: `${server.url}/logs` });
    const prefix = await h.client.testSource({ name: 'loki' });
    expect(prefix.stages.at(-1)).toMatchObject({ stage: 'api', ok: false });
    expect(prefix.stages.at(-1)!.detail).toMatch(/GET \/logs\/loki\/api\/v1\/labels: 404 Not Found.*Loki's API is under \/loki\/api\/v1/);
    await h.add({ name: 'loki', kind: 'loki', url: server.url });
    server.fault = (req, res) => req.path === '/loki/api/v1/labels' && (res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":["frontend"],"total":1,"limit":0,"offset":0,"errors":null}'), true);
    const jaeger = await h.client.testSource({ name: 'loki' });
    expect(jaeger.stages.at(-1)!.detail).toMatch(/not a Loki response \(top-level keys: data, total, limit, offset, errors\); is this Grafana Loki/);
    server.fault = (req, res) => (res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><title>Grafana</title></html>'), true);
    const html = await h.client.testSource({ name: 'loki' });
    expect(html.stages.at(-1)!.detail).toMatch(/HTML page "Grafana"/);
  });

  it('every fault fails the pull with a clear message and caches nothing', async () => {
    await setUp({}, { timeoutMs: 400 }, 1024 * 1024);
    const cases = standardFaults((req) => req.path === '/loki/api/v1/query_range', 400, TOKEN);
    await expectFaults(h, server, cases, 'loki', /GET \/loki\/api\/v1\/query_range\?query=/, TOKEN, () => h.client.pullLogs({ source: 'loki', query: { service: 'cart', ...WINDOW }, refresh: true }));
    // A failure on a later page keeps none of the earlier pages.
    h.dispose();
    await server.close();
    await setUp({ maxEntries: 25 });
    let pages = 0;
    server.fault = (req, res) => req.path === '/loki/api/v1/query_range' && ++pages >= 3 && (res.writeHead(502).end(), true);
    const before = h.counts();
    const job = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service: 'checkout', limit: 50, ...WINDOW } }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'server' });
    expect(h.counts()).toEqual(before);
  });

  it('reads times the way Loki does (the fake refuses nothing a real Loki accepts)', () => {
    expect(lokiTime('1700000000')).toBe(1_700_000_000_000_000_000n);
    expect(lokiTime('1700000000000000001')).toBe(1_700_000_000_000_000_001n);
    expect(lokiTime('1700000000.5')).toBe(1_700_000_000_500_000_000n);
    expect(lokiTime('2023-11-14T22:13:20Z')).toBe(1_700_000_000_000_000_000n);
  });
});
