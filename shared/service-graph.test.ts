import { describe, expect, it } from 'vitest';
import { buildServiceGraph, percentile, type GraphSpan } from './service-graph.js';

function span(partial: Partial<GraphSpan> & Pick<GraphSpan, 'spanId' | 'service'>): GraphSpan {
  return {
    traceId: 't1',
    parentId: null,
    kind: 1,
    isError: false,
    durationNs: 1000,
    dbSystem: null,
    dbName: null,
    messagingSystem: null,
    destination: null,
    peerService: null,
    links: [],
    ...partial,
  };
}

describe('buildServiceGraph', () => {
  const spans: GraphSpan[] = [
    span({ spanId: 'a', service: 'frontend', kind: 2 }),
    span({ spanId: 'b', parentId: 'a', service: 'frontend', kind: 3 }),
    span({ spanId: 'c', parentId: 'b', service: 'cart', kind: 2, durationNs: 200, isError: true }),
    span({ spanId: 'd', parentId: 'c', service: 'cart', kind: 3, dbSystem: 'redis', durationNs: 50 }),
    span({ spanId: 'e', parentId: 'a', service: 'frontend', kind: 4, messagingSystem: 'kafka', destination: 'orders' }),
    span({ traceId: 't2', spanId: 'f', service: 'worker', kind: 5, messagingSystem: 'kafka', destination: 'orders', links: [{ traceId: 't1', spanId: 'e' }] }),
    span({ spanId: 'g', parentId: 'a', service: 'frontend', kind: 3, peerService: 'payments-api' }),
  ];
  const graph = buildServiceGraph(spans);
  const edge = (source: string, target: string) => graph.edges.find((e) => e.source === source && e.target === target);

  it('draws a synchronous call between services with the callee latency and errors', () => {
    expect(edge('frontend', 'cart')).toMatchObject({ mode: 'sync', callCount: 1, errorCount: 1, p50Ns: 200 });
  });

  it('makes databases, queues and external peers typed leaf nodes', () => {
    expect(graph.nodes.find((n) => n.id === 'redis')).toMatchObject({ type: 'database', system: 'redis' });
    expect(graph.nodes.find((n) => n.id === 'orders')).toMatchObject({ type: 'messaging', system: 'kafka' });
    expect(graph.nodes.find((n) => n.id === 'payments-api')).toMatchObject({ type: 'external' });
    expect(edge('cart', 'redis')).toMatchObject({ mode: 'sync', p99Ns: 50 });
  });

  it('draws messaging as producer → topic → consumer, asynchronously, without a duplicate link edge', () => {
    expect(edge('frontend', 'orders')?.mode).toBe('async');
    expect(edge('orders', 'worker')?.mode).toBe('async');
    expect(edge('frontend', 'worker')).toBeUndefined();
  });

  it('follows span links when there is no messaging system', () => {
    const linked = buildServiceGraph([
      span({ spanId: 'p', service: 'api', kind: 4 }),
      span({ traceId: 't9', spanId: 'q', service: 'job', kind: 5, links: [{ traceId: 't1', spanId: 'p' }] }),
    ]);
    expect(linked.edges).toEqual([expect.objectContaining({ source: 'api', target: 'job', mode: 'async', callCount: 1 })]);
  });

  it('draws a consumer that FOLLOWS_FROM its producer parent (and links to it) once', () => {
    const follows = buildServiceGraph([
      span({ spanId: 'p', service: 'api', kind: 4 }),
      span({ spanId: 'q', parentId: 'p', service: 'job', kind: 5, links: [{ traceId: 't1', spanId: 'p' }] }),
    ]);
    expect(follows.edges).toEqual([expect.objectContaining({ source: 'api', target: 'job', mode: 'async', callCount: 1 })]);
  });

  it('counts spans and errors per service', () => {
    expect(graph.nodes.find((n) => n.id === 'cart')).toMatchObject({ spanCount: 2, errorCount: 1 });
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99)]).toEqual([50, 95, 99]);
    expect(percentile([], 0.5)).toBe(0);
  });
});
