import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphEdge, ServiceGraph } from '../../../shared/api-types.js';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { dependenciesSample, fakeJaegerV1, fakeJaegerV3 } from './test-support/fake-jaeger.js';
import { fakeLoki } from './test-support/fake-loki.js';
import { fakeZipkin } from './test-support/fake-zipkin.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback, type Served } from './test-support/loopback.js';

/**
 * Dependencies pulled through the cache end to end: the loopback Jaeger and Zipkin answer jaeger-ui's
 * /api/dependencies sample (upstream), the pull is written with its ledger entry in one transaction, the service graph
 * draws the edges, the same question offline is answered from the cache, and a failed pull leaves the tables as they were.
 */
const SAMPLE = dependenciesSample() as { parent: string; child: string; callCount: number }[];
const NETFLIX = JSON.parse(readFileSync(join(UPSTREAM, 'zipkin-v2', 'zipkin-lens__netflix.json'), 'utf8')) as { traceId: string; id: string; timestamp?: number }[];
const HOUR_MS = 3_600_000;

let h: SourceHarness;
const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  h?.dispose();
});

async function serve(handle: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const server = await startLoopback(handle);
  servers.push(server);
  return server;
}

function dependencyRows(): { pulls: number; edges: number } {
  const count = (table: string) => (h.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { pulls: count('dependency_pulls'), edges: count('dependency_edges') };
}

const edgeOf = (graph: ServiceGraph, source: string, target: string): GraphEdge | undefined =>
  graph.edges.find((e) => e.source === source && e.target === target);
const dependenciesPath = (req: Served) => req.path === '/api/dependencies';

describe('pulling dependencies', () => {
  it('pulls Jaeger dependencies into the cache, draws them in the graph, and answers the same question offline', async () => {
    const jaeger = await serve(fakeJaegerV1([]));
    h = await sourceHarness();
    await h.add({ name: 'prod', kind: 'jaeger', url: jaeger.url });
    const before = Date.now();
    const job = await h.finished(await h.client.pullDependencies({ source: 'prod', query: { lookbackMs: HOUR_MS } }));
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'done', what: 'dependencies', source: 'prod', cached: false, requests: 1, target: 'prod dependencies {"lookbackMs":3600000}' });
    expect(job.dependencies).toHaveLength(SAMPLE.length);
    // Busiest first.
    expect(job.dependencies[0]).toEqual({ parent: 'Service2', child: 'Service4', callCount: 129216, errorCount: null });
    expect(job.bytes).toBeGreaterThan(0);

    // The lookback was resolved once: asked in ms as jaeger-query reads it, and kept as the answer's window.
    const asked = jaeger.requests.find(dependenciesPath)!;
    expect(asked.query.get('lookback')).toBe(String(HOUR_MS));
    const endMs = Number(asked.query.get('endTs'));
    expect(endMs).toBeGreaterThanOrEqual(before);
    expect(job.window).toEqual({ startNs: String(BigInt(endMs - HOUR_MS) * 1_000_000n), endNs: String(BigInt(endMs) * 1_000_000n) });
    const load = (await h.client.listLoads({ limit: 1 }))[0]!;
    expect(load).toMatchObject({ id: job.loadId, kind: 'pull', status: 'done', target: job.target, format: 'dependencies' });

    // The graph over a window overlapping the pull's: every link, and services only dependencies name.
    const graph = await h.client.serviceGraph({ startNs: String(BigInt(endMs - 60_000) * 1_000_000n), endNs: String(BigInt(endMs + 60_000) * 1_000_000n) });
    expect(graph.edges).toHaveLength(SAMPLE.length);
    for (const link of SAMPLE) {
      expect(edgeOf(graph, link.parent, link.child)).toMatchObject({
        origin: 'dependencies',
        mode: 'sync',
        callCount: 0,
        dependencies: [{ source: 'prod', callCount: link.callCount, errorCount: null, startNs: job.window!.startNs, endNs: job.window!.endNs }],
      });
    }
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([...new Set(SAMPLE.flatMap((l) => [l.parent, l.child]))].sort());
    expect(graph.nodes.every((n) => n.origin === 'dependencies' && n.spanCount === 0)).toBe(true);
    // A window the pull does not cover shows none of it.
    const yesterday = await h.client.serviceGraph({ startNs: String(BigInt(endMs - 30 * HOUR_MS) * 1_000_000n), endNs: String(BigInt(endMs - 20 * HOUR_MS) * 1_000_000n) });
    expect(yesterday).toEqual({ nodes: [], edges: [] });

    // Offline, the same question is answered from the cache, marked with when it was fetched.
    await jaeger.close();
    servers.length = 0;
    const again = await h.finished(await h.client.pullDependencies({ source: 'prod', query: { lookbackMs: HOUR_MS } }));
    expect(again).toMatchObject({ state: 'done', cached: true, fetchedAt: job.fetchedAt, loadId: job.loadId, window: job.window, requests: 0 });
    expect(again.dependencies).toEqual(job.dependencies);
    // Refresh asks again: offline that fails, names the source and the request, and keeps the cached answer.
    const rows = dependencyRows();
    const refresh = await h.finished(await h.client.pullDependencies({ source: 'prod', query: { lookbackMs: HOUR_MS }, refresh: true }));
    expect(refresh).toMatchObject({ state: 'failed', errorStage: 'connect' });
    expect(refresh.error).toMatch(/^source "prod": GET \/api\/dependencies\?endTs=\d+&lookback=3600000: /);
    expect(dependencyRows()).toEqual(rows);
  });

  it('merges Zipkin dependencies with the edges of pulled spans, error counts included', async () => {
    // What a Zipkin holding the Netflix trace and others would link: apip → api and api → session_logs are in the
    // trace pulled below; servicea → kafka → serviceb only in traces never pulled. Zipkin leaves zero counts out.
    const links = [
      { parent: 'apip', child: 'api', callCount: 40 },
      { parent: 'api', child: 'session_logs', callCount: 38, errorCount: 3 },
      { parent: 'servicea', child: 'kafka', callCount: 10 },
      { parent: 'kafka', child: 'serviceb', callCount: 3, errorCount: 2 },
      { parent: 'kafka', child: 'serviceb', callCount: 1 },
    ];
    const zipkin = await serve(fakeZipkin([NETFLIX], [], links));
    h = await sourceHarness();
    await h.add({ name: 'zipkin', kind: 'zipkin', url: zipkin.url });
    const first = Math.min(...NETFLIX.flatMap((s) => (s.timestamp === undefined ? [] : [s.timestamp])));
    const window = { startNs: String(BigInt(first - 600_000_000) * 1000n), endNs: String(BigInt(first + 600_000_000) * 1000n) };
    const traces = await h.finished(await h.client.pullTraces({ source: 'zipkin', query: { service: 'apip', ...window } }));
    expect(traces.traces).toHaveLength(1);
    const spansOnly = await h.client.serviceGraph(window);
    const job = await h.finished(await h.client.pullDependencies({ source: 'zipkin', query: window }));
    expect(job.error).toBeNull();
    expect(zipkin.requests.find((r) => r.path === '/api/v2/dependencies')!.query.get('lookback')).toBe('1200000');
    expect(job.window).toEqual(window);
    // The same link twice in one answer (a store answering per day) adds up.
    expect(job.dependencies.find((d) => d.child === 'serviceb')).toEqual({ parent: 'kafka', child: 'serviceb', callCount: 4, errorCount: 2 });

    const graph = await h.client.serviceGraph(window);
    // The spans' own figures are untouched; the backend's count sits beside them.
    const { origin: _spans, dependencies: _none, ...figures } = edgeOf(spansOnly, 'apip', 'api')!;
    expect(edgeOf(graph, 'apip', 'api')).toEqual({ ...figures, origin: 'both', dependencies: [{ source: 'zipkin', callCount: 40, errorCount: 0, ...window }] });
    expect(figures.callCount).toBeGreaterThan(0);
    expect(edgeOf(graph, 'api', 'session_logs')).toMatchObject({ origin: 'both', dependencies: [{ callCount: 38, errorCount: 3 }] });
    expect(edgeOf(graph, 'servicea', 'kafka')).toMatchObject({ origin: 'dependencies', callCount: 0, p95Ns: 0 });
    const origin = (id: string) => graph.nodes.find((n) => n.id === id)?.origin;
    expect([origin('apip'), origin('api'), origin('servicea'), origin('kafka'), origin('serviceb')]).toEqual(['spans', 'spans', 'dependencies', 'dependencies', 'dependencies']);
    // Edges of the spans that no dependency names keep origin 'spans' and no backend figures.
    for (const edge of graph.edges.filter((e) => e.origin === 'spans')) expect(edge.dependencies).toEqual([]);
  });

  it('a later pull of an overlapping window replaces the counts it has; links only the earlier one saw stay', async () => {
    let answer: unknown[] = SAMPLE;
    const jaeger = await serve((req, res) => fakeJaegerV1([], [], answer as unknown[])(req, res));
    h = await sourceHarness();
    await h.add({ name: 'prod', kind: 'jaeger', url: jaeger.url });
    await h.finished(await h.client.pullDependencies({ source: 'prod', query: { startNs: '1700000000000000000', endNs: '1700003600000000000' } }));
    answer = [{ ...SAMPLE[0]!, callCount: 7 }];
    await h.finished(await h.client.pullDependencies({ source: 'prod', query: { startNs: '1700001800000000000', endNs: '1700005400000000000' } }));
    const graph = await h.client.serviceGraph({});
    expect(graph.edges).toHaveLength(SAMPLE.length);
    expect(edgeOf(graph, SAMPLE[0]!.parent, SAMPLE[0]!.child)!.dependencies).toMatchObject([{ callCount: 7, startNs: '1700001800000000000' }]);
    expect(edgeOf(graph, SAMPLE[1]!.parent, SAMPLE[1]!.child)!.dependencies).toMatchObject([{ callCount: SAMPLE[1]!.callCount, startNs: '1700000000000000000' }]);
  });

  it('reads dependencies of a Jaeger configured for api_v3 from the /api/dependencies jaeger-query serves beside it', async () => {
    const jaeger = await serve(fakeJaegerV3(new Map(), ['frontend']));
    h = await sourceHarness();
    await h.add({ name: 'j3', kind: 'jaeger', url: jaeger.url, options: { apiVersion: 'v3' } });
    const job = await h.finished(await h.client.pullDependencies({ source: 'j3' }));
    expect(job).toMatchObject({ state: 'done', target: 'j3 dependencies {}' });
    expect(job.dependencies).toHaveLength(SAMPLE.length);
    // Without a window: the last hour.
    expect(jaeger.requests.at(-1)!.query.get('lookback')).toBe(String(HOUR_MS));
  });

  it('a source kind without dependencies fails with a config error naming the source', async () => {
    const loki = await serve(fakeLoki([]));
    h = await sourceHarness();
    await h.add({ name: 'logs', kind: 'loki', url: loki.url });
    const job = await h.finished(await h.client.pullDependencies({ source: 'logs', query: { lookbackMs: HOUR_MS } }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'config', error: 'source "logs": loki sources do not support dependencies (Jaeger and Zipkin sources compute them)' });
    expect(loki.requests).toHaveLength(0);
    const missing = await h.finished(await h.client.pullDependencies({ source: 'nope' }));
    expect(missing).toMatchObject({ state: 'failed', errorStage: 'config', error: 'source "nope": no such source; see "casefile source list"' });
  });

  describe('a failed pull leaves the tables as they were', () => {
    const cases: { name: string; stage: string; message: RegExp; fault: (res: import('node:http').ServerResponse) => void }[] = [
      { name: '500', stage: 'server', message: /500/, fault: (res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('storage unavailable') },
      {
        name: 'a link with a count that is not a number',
        stage: 'response',
        message: /dependency link \[1\]\.callCount: expected a whole number ≥ 0, got "many"/,
        fault: (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [SAMPLE[0], { ...SAMPLE[1], callCount: 'many' }] })),
      },
      {
        name: 'a link without a parent',
        stage: 'response',
        message: /dependency link \[0\]\.parent: expected a service name, got nothing/,
        fault: (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [{ child: 'x', callCount: 1 }] })),
      },
      {
        name: 'another API\'s JSON',
        stage: 'response',
        message: /not Jaeger's dependencies \(top-level keys: traces\)/,
        fault: (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"traces": []}'),
      },
      {
        name: 'a truncated body',
        stage: 'response',
        message: /the response is not valid JSON .*it may be truncated/,
        fault: (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data": [{"parent": "Serv'),
      },
    ];
    for (const { name, stage, message, fault } of cases) {
      it(name, async () => {
        const jaeger = await serve(fakeJaegerV1([]));
        h = await sourceHarness({ serverRetryDelayMs: 1 });
        await h.add({ name: 'prod', kind: 'jaeger', url: jaeger.url });
        await h.finished(await h.client.pullDependencies({ source: 'prod', query: { startNs: '1700000000000000000', endNs: '1700003600000000000' } }));
        const rows = dependencyRows();
        const graph = await h.client.serviceGraph({});
        jaeger.fault = (req, res) => dependenciesPath(req) && (fault(res), true);
        const job = await h.finished(await h.client.pullDependencies({ source: 'prod', query: { lookbackMs: HOUR_MS } }));
        expect(job).toMatchObject({ state: 'failed', errorStage: stage, dependencies: [], window: null });
        expect(job.error).toMatch(/^source "prod": GET \/api\/dependencies\?endTs=\d+&lookback=3600000: /);
        expect(job.error).toMatch(message);
        expect(dependencyRows()).toEqual(rows);
        expect(await h.client.serviceGraph({})).toEqual(graph);
        expect((await h.client.listLoads({ limit: 1 }))[0]).toMatchObject({ kind: 'pull', status: 'failed', target: job.target });
      });
    }

    it('cancelled while the source is answering', async () => {
      const jaeger = await serve(fakeJaegerV1([]));
      jaeger.fault = (req) => dependenciesPath(req); // never answers
      h = await sourceHarness();
      await h.add({ name: 'prod', kind: 'jaeger', url: jaeger.url });
      const job = await h.client.pullDependencies({ source: 'prod' });
      await new Promise((r) => setTimeout(r, 50));
      expect((await h.client.pullJob({ id: job.id })).phase).toBe('fetching');
      await h.client.cancelPull({ id: job.id });
      expect(await h.finished(job)).toMatchObject({ state: 'cancelled', errorStage: 'cancelled' });
      expect(dependencyRows()).toEqual({ pulls: 0, edges: 0 });
    });
  });
});
