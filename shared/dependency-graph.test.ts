import { describe, expect, it } from 'vitest';
import type { GraphEdge, ServiceGraph } from './api-types.js';
import { mergeDependencies, type SourceDependency } from './dependency-graph.js';

const edge = (source: string, target: string, mode: GraphEdge['mode'], callCount: number): GraphEdge => ({
  source,
  target,
  mode,
  callCount,
  errorCount: 1,
  p50Ns: 1e6,
  p95Ns: 5e6,
  p99Ns: 9e6,
});
const graph: ServiceGraph = {
  nodes: [
    { id: 'frontend', type: 'service', system: null, spanCount: 10, errorCount: 1 },
    { id: 'cart', type: 'service', system: null, spanCount: 5, errorCount: 0 },
    { id: 'shop', type: 'database', system: 'postgresql', spanCount: 3, errorCount: 0 },
  ],
  edges: [edge('frontend', 'cart', 'async', 2), edge('frontend', 'cart', 'sync', 7), edge('cart', 'shop', 'sync', 3)],
};
const WINDOW = { startNs: '1700000000000000000', endNs: '1700003600000000000' };
const dep = (source: string, parent: string, child: string, callCount: number, errorCount: number | null = null): SourceDependency => ({
  source,
  parent,
  child,
  callCount,
  errorCount,
  ...WINDOW,
});

describe('mergeDependencies', () => {
  it('marks every node and edge of a graph without dependencies as from spans, figures unchanged', () => {
    const merged = mergeDependencies(graph, []);
    expect(merged.edges).toEqual(graph.edges.map((e) => ({ ...e, origin: 'spans', dependencies: [] })));
    expect(merged.nodes).toEqual(graph.nodes.map((n) => ({ ...n, origin: 'spans' })));
  });

  it('puts a backend count on the synchronous edge of a pair the spans draw both ways, one entry per source', () => {
    const merged = mergeDependencies(graph, [dep('jaeger', 'frontend', 'cart', 900), dep('zipkin', 'frontend', 'cart', 850, 4)]);
    const [async, sync] = merged.edges.filter((e) => e.source === 'frontend' && e.target === 'cart');
    expect(async).toMatchObject({ mode: 'async', origin: 'spans', dependencies: [] });
    expect(sync).toMatchObject({ mode: 'sync', origin: 'both', callCount: 7, p95Ns: 5e6 });
    expect(sync!.dependencies).toEqual([
      { source: 'jaeger', callCount: 900, errorCount: null, ...WINDOW },
      { source: 'zipkin', callCount: 850, errorCount: 4, ...WINDOW },
    ]);
    expect(merged.nodes).toHaveLength(3);
  });

  it('adds edges and services only dependencies know, and reuses nodes of any type', () => {
    const merged = mergeDependencies(graph, [dep('jaeger', 'checkout', 'cart', 12), dep('jaeger', 'checkout', 'shop', 4), dep('jaeger', 'payment', 'payment', 3)]);
    expect(merged.edges.filter((e) => e.origin === 'dependencies')).toEqual([
      { source: 'checkout', target: 'cart', mode: 'sync', callCount: 0, errorCount: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0, origin: 'dependencies', dependencies: [{ source: 'jaeger', callCount: 12, errorCount: null, ...WINDOW }] },
      { source: 'checkout', target: 'shop', mode: 'sync', callCount: 0, errorCount: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0, origin: 'dependencies', dependencies: [{ source: 'jaeger', callCount: 4, errorCount: null, ...WINDOW }] },
    ]);
    // A service calling itself is not an edge (the span graph draws none either), nor does it add a node.
    expect(merged.nodes.map((n) => [n.id, n.type, n.origin])).toEqual([
      ['frontend', 'service', 'spans'],
      ['cart', 'service', 'spans'],
      ['shop', 'database', 'spans'],
      ['checkout', 'service', 'dependencies'],
    ]);
  });

  it('leaves the graph it was given as it was', () => {
    const before = structuredClone(graph);
    mergeDependencies(graph, [dep('jaeger', 'frontend', 'cart', 1), dep('jaeger', 'a', 'b', 1)]);
    expect(graph).toEqual(before);
  });
});
