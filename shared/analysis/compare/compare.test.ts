import { describe, expect, it } from 'vitest';
import { generateTraces } from '../../../test/analysis/trace-shapes.js';
import { TraceBuilder } from '../../../test/analysis/span-builder.js';
import { BubbleUp, VALUES_PER_KEY } from './bubble-up.js';
import { diffTraces } from './trace-diff.js';
import { flows } from './flows.js';
import { compareValues } from './value-compare.js';

describe('BubbleUp', () => {
  it('ranks first the attribute whose values set the selection apart', () => {
    const b = new BubbleUp();
    for (let i = 0; i < 1000; i++) {
      const slow = i % 10 === 0;
      b.add({ 'service.version': slow && i % 20 === 0 ? '2.0.0-canary' : slow ? '2.0.0-canary' : i % 3 === 0 ? '2.0.0-canary' : '1.4.2', region: i % 3 === 0 ? 'eu' : 'us' }, slow);
    }
    const result = b.result();
    expect(result).toMatchObject({ selectionSpans: 100, baselineSpans: 900 });
    expect(result.attributes[0]!.key).toBe('service.version');
    expect(result.attributes[0]!.values[0]).toMatchObject({ value: '2.0.0-canary', selectionShare: 1 });
    expect(result.attributes.find((a) => a.key === 'region')!.difference).toBeLessThan(0.1);
  });

  it('keeps memory bounded on a high-cardinality key and says so', () => {
    const b = new BubbleUp();
    for (let i = 0; i < 20_000; i++) b.add({ 'user.id': `u${i}` }, i % 2 === 0);
    const [key] = b.result().attributes;
    expect(key!.truncated).toBe(true);
    expect(VALUES_PER_KEY).toBeLessThan(20_000);
  });
});

describe('compareValues', () => {
  it('puts values side by side and says the change in words', () => {
    const samples = [
      ...Array.from({ length: 52 }, (_, i) => ({ value: '1.4.2', durationNs: (200 + i) * 1e6, error: false })),
      ...Array.from({ length: 48 }, (_, i) => ({ value: '2.0.0-canary', durationNs: (500 + i) * 1e6, error: i < 5 })),
    ];
    const result = compareValues('service.version', 'ads', samples, 100e9);
    expect(result.values.map((v) => v.value)).toEqual(['1.4.2', '2.0.0-canary']);
    expect(result.values[1]).toMatchObject({ count: 48, share: 0.48, rate: 0.48, errors: 5 });
    expect(result.statement).toBe('ads 2.0.0-canary: p95 545 ms vs 1.4.2: 249 ms, errors 10% vs 0%, 48% of requests.');
  });

  it('keeps a service’s own values apart from another service’s, never pooling two releases named alike', () => {
    const samples = [
      ...Array.from({ length: 60 }, (_, i) => ({ value: '1.4.2', service: 'ads', durationNs: (200 + i) * 1e6, error: false })),
      ...Array.from({ length: 40 }, (_, i) => ({ value: '2.0.0', service: 'ads', durationNs: (600 + i) * 1e6, error: false })),
      ...Array.from({ length: 80 }, (_, i) => ({ value: '1.4.2', service: 'cart', durationNs: (2 + i / 100) * 1e6, error: false })),
    ];
    const result = compareValues('service.version', null, samples, 100e9);
    expect(result.values.map((v) => `${v.service} ${v.value} ${v.count} ${v.share}`)).toEqual(['ads 1.4.2 60 0.6', 'ads 2.0.0 40 0.4', 'cart 1.4.2 80 1']);
    expect(result.statement).toMatch(/^ads 2\.0\.0: p95 \d+ ms vs 1\.4\.2: \d+ ms, 40% of requests\.$/);
    const single = compareValues('service.version', null, samples.filter((s) => s.value === '1.4.2'), 100e9);
    expect(single.statement).toBe('No service runs two service.version values in the window (2 services, one each).');
  });
});

describe('diffTraces', () => {
  function trace(id: string, lookups: number, lookupMs: number, withCache: boolean) {
    const b = new TraceBuilder(id.repeat(32));
    const root = b.span(null, { service: 'web', name: 'GET /', kind: 'server', at: 0, ms: 10 + lookups * lookupMs });
    for (let i = 0; i < lookups; i++) b.span(root, { service: 'web', name: 'SELECT', kind: 'client', at: 5 + i * lookupMs, ms: lookupMs });
    if (withCache) b.span(root, { service: 'web', name: 'cache.get', at: 1, ms: 1 });
    return b.spans;
  }

  it('shows structural differences and time per path, largest first', () => {
    const result = diffTraces([trace('a', 2, 10, true)], [trace('b', 6, 10, false)]);
    // The root and its queries both grew by 40 ms: they lead.
    expect(result.nodes.slice(0, 2).map((n) => n.path).sort()).toEqual(['web:GET /', 'web:GET / > web:SELECT']);
    expect(result.nodes.find((n) => n.operation === 'SELECT')).toMatchObject({ countA: 2, countB: 6, durationA: 20e6, durationB: 60e6, change: 'more-calls' });
    expect(result.nodes.find((n) => n.operation === 'cache.get')).toMatchObject({ change: 'only-a', countB: 0 });
    expect(result.durationB - result.durationA).toBe(40e6);
  });
});

describe('flows', () => {
  it('lists entry operations with latency and where their critical path goes', () => {
    const traces = generateTraces({ seed: 5, traces: 30, fault: 'slow-db', faultRate: 1 });
    const [flow] = flows(traces, 60e9).flows;
    expect(flow).toMatchObject({ service: 'gateway', operation: 'GET /checkout', count: 30, rate: 0.5 });
    // The injected 900 ms query holds most of the end-to-end time.
    expect(flow!.criticalPath[0]).toMatchObject({ service: 'search', operation: 'SELECT' });
    expect(flow!.criticalPath[0]!.share).toBeGreaterThan(0.5);
    expect(flow!.p50Ns).toBeGreaterThan(500e6);
  });
});
