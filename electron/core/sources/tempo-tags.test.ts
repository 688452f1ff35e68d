import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { traceqlCondition } from '../../../shared/query-fragments.js';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { fakeTempo, sampleTrace } from './test-support/fake-tempo.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { closedPortUrl, startLoopback, type Loopback } from './test-support/loopback.js';
import { scopedTagsOf, typedValuesOf } from './tempo-tags.js';

const DIR = join(UPSTREAM, 'tempo');
const sample = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;
/** Kiali's bookinfo trace, 2023-12-05: five services, Envoy's attributes all strings (http.status_code "200"). */
const BOOKINFO = sampleTrace(sample('kiali__tempo-api-traces-response_batches-base64.json'));
/** Perses' tempo-distributor trace, 2025-04-17: int attributes (net.sock.peer.port 9095, rpc.grpc.status_code 0). */
const DISTRIBUTOR = sampleTrace(sample('perses__tempo-v2-trace-body_pushbytes_otlp.json'));

/** A window (ns strings) of a minute either side of a trace's first span. */
function around(trace: typeof BOOKINFO): { startNs: string; endNs: string } {
  const start = trace.spans.reduce((m, s) => (s.startNs < m ? s.startNs : m), trace.spans[0]!.startNs);
  return { startNs: (start - 60_000_000_000n).toString(), endNs: (start + 60_000_000_000n).toString() };
}

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(): Promise<void> {
  server = await startLoopback(fakeTempo([BOOKINFO, DISTRIBUTOR]));
  h = await sourceHarness();
  await h.add({ name: 'tempo', kind: 'tempo', url: server.url, options: { traceApi: 'v2' } });
}

const last = (path: string) => server.requests.filter((r) => r.path === path).at(-1)!;

describe('Tempo tag browsing', () => {
  it('lists v2 tags by scope for the window, asking in unix seconds as Tempo parses them', async () => {
    await setUp();
    const window = around(BOOKINFO);
    const tags = await h.client.sourceTags({ name: 'tempo', window });
    const request = last('/api/v2/search/tags');
    // Start rounded down and end rounded up to whole seconds; a value in ms or ns would be out of Tempo's int32 range.
    expect(request.query.get('start')).toBe((BigInt(window.startNs) / 1_000_000_000n).toString());
    expect(request.query.get('end')).toBe(((BigInt(window.endNs) + 999_999_999n) / 1_000_000_000n).toString());
    expect(request.query.get('scope')).toBeNull();
    // Resource first, then span, then intrinsics, whatever order Tempo answered in; only the bookinfo trace is in the window.
    expect(tags.slice(0, 1)).toEqual([{ name: 'service.name', scope: 'resource' }]);
    expect(tags.filter((t) => t.scope === 'span').map((t) => t.name)).toContain('guid:x-request-id');
    expect(tags.map((t) => t.name)).not.toContain('rpc.method');
    expect(tags.filter((t) => t.scope === 'intrinsic').map((t) => t.name)).toEqual(['duration', 'kind', 'name', 'rootName', 'rootServiceName', 'status', 'statusMessage', 'traceDuration']);
    expect(tags.findIndex((t) => t.scope === 'span')).toBeLessThan(tags.findIndex((t) => t.scope === 'intrinsic'));
  });

  it('lists typed values on the v2 path named as TraceQL names the tag, and the fragment built from them finds the trace', async () => {
    await setUp();
    const window = around(DISTRIBUTOR);
    const ports = await h.client.sourceTagValues({ name: 'tempo', tag: 'net.sock.peer.port', scope: 'span', window });
    expect(ports).toEqual([{ value: '9095', type: 'int' }]);
    expect(server.requests.at(-1)!.path).toBe('/api/v2/search/tag/span.net.sock.peer.port/values');
    expect(server.requests.at(-1)!.query.get('start')).toBe((BigInt(window.startNs) / 1_000_000_000n).toString());
    const statuses = await h.client.sourceTagValues({ name: 'tempo', tag: 'status', scope: 'intrinsic', window });
    expect(statuses.map((v) => `${v.type}:${v.value}`)).toEqual(['keyword:error', 'keyword:ok', 'keyword:unset']);
    expect(server.requests.at(-1)!.path).toBe('/api/v2/search/tag/status/values');

    // The condition the picker writes is typed: `= 9095` matches the int attribute, where `= "9095"` would not.
    const condition = traceqlCondition({ name: 'net.sock.peer.port', scope: 'span' }, ports[0]!);
    expect(condition).toBe('span.net.sock.peer.port = 9095');
    const found = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: `{ ${condition} }`, ...window } }));
    expect(found.traces.map((t) => t.traceId)).toEqual([DISTRIBUTOR.id]);
    const asString = await h.finished(await h.client.pullTraces({ source: 'tempo', query: { traceql: '{ span.net.sock.peer.port = "9095" }', ...window } }));
    expect(asString.traces).toEqual([]);
  });

  it('puts a tag name with characters TraceQL cannot read bare into the path quoted and escaped', async () => {
    await setUp();
    const window = around(BOOKINFO);
    const ids = await h.client.sourceTagValues({ name: 'tempo', tag: 'guid:x-request-id', scope: 'span', window });
    expect(ids).toEqual([{ value: 'e4e8c177-3962-9359-945e-61e7175cd867', type: 'string' }]);
    expect(server.requests.at(-1)!.path).toBe('/api/v2/search/tag/span.guid%3Ax-request-id/values');
    const services = await h.client.sourceTagValues({ name: 'tempo', tag: 'service.name', scope: 'resource', window });
    expect(services.map((v) => v.value)).toEqual(['details.bookinfo', 'istio-ingressgateway.istio-system', 'productpage.bookinfo', 'ratings.bookinfo', 'reviews.bookinfo']);
    // A name with a space: Tempo reads `span."a b"` (the fake answers nothing for it, but must parse it).
    expect(await h.client.sourceTagValues({ name: 'tempo', tag: 'a "b" c', scope: 'span', window })).toEqual([]);
    expect(decodeURIComponent(server.requests.at(-1)!.path)).toBe('/api/v2/search/tag/span."a \\"b\\" c"/values');
  });

  it('falls back to the unscoped v1 lists on a Tempo without /api/v2', async () => {
    await setUp();
    server.fault = (req, res) => req.path.startsWith('/api/v2/') && (res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n'), true);
    const window = around(BOOKINFO);
    const tags = await h.client.sourceTags({ name: 'tempo', window });
    expect(tags.every((t) => t.scope === null)).toBe(true);
    expect(tags.map((t) => t.name)).toEqual(expect.arrayContaining(['service.name', 'http.status_code']));
    expect(last('/api/search/tags').query.get('end')).toBe(((BigInt(window.endNs) + 999_999_999n) / 1_000_000_000n).toString());
    const codes = await h.client.sourceTagValues({ name: 'tempo', tag: 'http.status_code', scope: null, window });
    expect(codes).toEqual([{ value: '200', type: null }]);
    expect(server.requests.at(-1)!.path).toBe('/api/search/tag/http.status_code/values');
  });

  it('says when the answer is not Tempo\'s, when Tempo is unreachable, and that other kinds cannot be browsed', async () => {
    await setUp();
    server.fault = (req, res) => req.path === '/api/v2/search/tags' && (res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":["frontend"],"total":1,"limit":0,"offset":0,"errors":null}'), true);
    await expect(h.client.sourceTags({ name: 'tempo' })).rejects.toThrow(/tempo.*GET \/api\/v2\/search\/tags.*not a Tempo response \(top-level keys: data, total, limit, offset, errors\)/);
    server.fault = null;
    await h.add({ name: 'tempo', kind: 'tempo', url: await closedPortUrl() });
    await expect(h.client.sourceTagValues({ name: 'tempo', tag: 'service.name', scope: 'resource' })).rejects.toThrow(/tempo.*connection refused/);
    await h.add({ name: 'jaeger', kind: 'jaeger', url: server.url });
    await expect(h.client.sourceTags({ name: 'jaeger' })).rejects.toThrow('the source "jaeger" is a Jaeger source: tags can be browsed only on Tempo and Loki sources');
    await expect(h.client.sourceTags({ name: 'nope' })).rejects.toThrow('no source named "nope"');
    // A window the contract refuses names the field.
    await expect(h.client.sourceTags({ name: 'tempo', window: { startNs: '2', endNs: '1' } })).rejects.toThrow(/window\.startNs.*startNs must be before endNs/);
  });
});

describe('Tempo tag answers', () => {
  it('reads gogo jsonpb\'s left-out lists and refuses other shapes', () => {
    expect(scopedTagsOf({ metrics: { inspectedBytes: '0' } })).toEqual([]);
    expect(scopedTagsOf({ scopes: [{ name: 'span' }, { name: 'resource', tags: ['b', 'a'] }] })).toEqual([
      { name: 'a', scope: 'resource' },
      { name: 'b', scope: 'resource' },
    ]);
    expect(scopedTagsOf({ scopes: [{ name: 'span', tags: [1] }] })).toBeNull();
    expect(scopedTagsOf({ tagNames: ['x'] })).toBeNull();
    expect(typedValuesOf({})).toEqual([]);
    expect(typedValuesOf({ tagValues: [{ type: 'int', value: '500' }, { type: 'int', value: '99' }, { type: 'int', value: '99' }] })).toEqual([
      { value: '99', type: 'int' },
      { value: '500', type: 'int' },
    ]);
    expect(typedValuesOf({ tagValues: [{ type: 'string' }] })).toBeNull();
  });
});
