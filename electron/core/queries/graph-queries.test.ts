import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPSTREAM, tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { edgeTraces } from './edge-traces.js';
import { serviceGraph } from './service-graph.js';
import { serviceOperations } from './service-operations.js';

const MS = 1_000_000;

describe('graph view queries on the demo incident (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it('lists exactly the spans the graph counts, for every edge: services, database, queue and external targets', () => {
    const graph = serviceGraph(cache.db, {});
    const leafTargets = new Set(graph.nodes.filter((n) => n.type !== 'service').map((n) => n.id));
    expect([...leafTargets].sort()).toEqual(['orders', 'redis', 'sendgrid', 'shop']);
    for (const edge of graph.edges) {
      const page = edgeTraces(cache.db, { source: edge.source, target: edge.target, mode: edge.mode, limit: 1000 });
      expect(page.edgeSpanCount, `${edge.source} → ${edge.target}`).toBe(edge.callCount);
      expect(page.traces.reduce((n, t) => n + t.edgeSpanCount, 0)).toBe(edge.callCount);
      expect(page.traces.filter((t) => t.isError)).toHaveLength(
        new Set(page.traces.filter((t) => t.isError).map((t) => t.traceId)).size,
      );
    }
  });

  it('puts the ads v2 canary’s slow calls first on frontend → ads', () => {
    const page = edgeTraces(cache.db, { source: 'frontend', target: 'ads', limit: 20 });
    expect(page.traces).toHaveLength(20);
    const durations = page.traces.map((t) => t.durationNs);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    for (const trace of page.traces) {
      expect(trace.durationNs).toBeGreaterThan(400 * MS);
      expect(trace.spanVersion).toBe('2.0.0-canary');
      expect(trace.spanService).toBe('ads');
      expect(trace.spanName).toBe('shop.AdService/GetAds');
      expect(trace.rootService).toBe('frontend');
    }
  });

  it('lists erroring traces first on frontend → cart', () => {
    const page = edgeTraces(cache.db, { source: 'frontend', target: 'cart', limit: 1000 });
    const firstOk = page.traces.findIndex((t) => !t.isError);
    expect(firstOk).toBe(12);
    expect(page.traces.slice(firstOk).every((t) => !t.isError)).toBe(true);
    expect(page.traces.slice(0, firstOk).every((t) => t.spanName === 'shop.CartService/GetCart')).toBe(true);
  });

  it('shows the N+1 query as many edge spans per trace on discounts → shop', () => {
    const page = edgeTraces(cache.db, { source: 'discounts', target: 'shop', limit: 1000 });
    expect(Math.max(...page.traces.map((t) => t.edgeSpanCount))).toBeGreaterThan(3);
    expect(page.traces[0]?.spanService).toBe('discounts');
  });

  it('pages through every trace of an edge, and filters, counts and sorts them', () => {
    const all = edgeTraces(cache.db, { source: 'frontend', target: 'cart', limit: 1000 });
    expect(all.matchCount).toBe(all.traceCount);
    const first = edgeTraces(cache.db, { source: 'frontend', target: 'cart', limit: 100 });
    const rest = edgeTraces(cache.db, { source: 'frontend', target: 'cart', limit: 1000, offset: 100 });
    expect([...first.traces, ...rest.traces].map((t) => t.traceId)).toEqual(all.traces.map((t) => t.traceId));

    const errors = edgeTraces(cache.db, { source: 'frontend', target: 'cart', limit: 5, errorsOnly: true });
    expect(errors.matchCount).toBe(12);
    expect(errors.traceCount).toBe(all.traceCount);
    expect(errors.traces.every((t) => t.isError)).toBe(true);

    const slow = edgeTraces(cache.db, { source: 'frontend', target: 'ads', limit: 1000, minDurationNs: 400 * MS });
    expect(slow.traces.length).toBeGreaterThan(0);
    expect(slow.matchCount).toBe(slow.traces.length);
    expect(slow.traces.every((t) => t.durationNs >= 400 * MS)).toBe(true);
    const fast = edgeTraces(cache.db, { source: 'frontend', target: 'ads', limit: 1000, maxDurationNs: 400 * MS - 1 });
    expect(slow.matchCount + fast.matchCount).toBe(slow.traceCount);

    const newest = edgeTraces(cache.db, { source: 'frontend', target: 'cart', limit: 1000, sort: 'start' }).traces.map((t) => BigInt(t.traceStartNs));
    expect(newest).toEqual([...newest].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0)));
    const calls = edgeTraces(cache.db, { source: 'discounts', target: 'shop', limit: 1000, sort: 'calls', ascending: true }).traces.map((t) => t.edgeSpanCount);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
  });

  it('finds nothing for a pair that is not an edge, and honours the time window', () => {
    expect(edgeTraces(cache.db, { source: 'ads', target: 'frontend', limit: 10 }).traceCount).toBe(0);
    expect(edgeTraces(cache.db, { source: 'frontend', target: 'ads', limit: 10, endNs: '1' }).traceCount).toBe(0);
  });

  it('gives RED figures per operation of a service’s server spans', () => {
    const result = serviceOperations(cache.db, 'discounts', {});
    expect(result.basis).toBe('entry');
    expect(result.operations.map((o) => [o.name, o.count])).toEqual([
      ['shop.DiscountService/GetDiscount', 143],
      ['shop.DiscountService/ApplyDiscounts', 29],
    ]);
    for (const op of result.operations) {
      expect(op.p50Ns).toBeGreaterThan(0);
      expect(op.p50Ns).toBeLessThanOrEqual(op.p95Ns);
      expect(op.p95Ns).toBeLessThanOrEqual(op.p99Ns);
      expect(op.ratePerSecond).toBeGreaterThan(0);
    }
    const cart = serviceOperations(cache.db, 'cart', {}).operations.find((o) => o.name === 'shop.CartService/GetCart');
    expect(cart?.errorCount).toBe(12);
    expect(cart?.errorRate).toBeCloseTo(12 / 172);
  });

  it('uses the consumer spans of a queue worker, and every span of a service that serves nothing', () => {
    expect(serviceOperations(cache.db, 'email-worker', {}).operations.map((o) => o.name)).toEqual(['orders process']);
    const none = serviceOperations(cache.db, 'no-such-service', {});
    expect(none).toEqual({ service: 'no-such-service', basis: 'all', operations: [] });
  });
});

describe('edge traces agree with the graph on every real upstream trace sample', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeAll(async () => {
    cache = tempCache();
    for (const folder of ['zipkin-v2', 'otlp-json', 'tempo', 'jaeger-api-v3']) {
      for (const file of readdirSync(join(UPSTREAM, folder))) {
        // Not every sample is a trace payload (logs, protobuf); the import tests cover those refusals.
        await importFile(cache.db, join(UPSTREAM, folder, file), { kind: 'import', target: file }).catch(() => undefined);
      }
    }
  });
  afterAll(() => cache.dispose());

  it('lists as many edge spans as the graph counts', () => {
    const graph = serviceGraph(cache.db, {});
    expect(graph.edges.length).toBeGreaterThan(10);
    for (const edge of graph.edges) {
      const page = edgeTraces(cache.db, { source: edge.source, target: edge.target, mode: edge.mode, limit: 1000 });
      expect(page.edgeSpanCount, `${edge.source} → ${edge.target} (${edge.mode})`).toBe(edge.callCount);
    }
  });
});
