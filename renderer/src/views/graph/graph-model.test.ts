import { describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../../../shared/api-types.js';
import { buildGraphModel, layoutRequestOf } from './graph-model.js';

const edge = (source: string, target: string, callCount: number, errorCount: number, p95Ns: number) =>
  ({ source, target, mode: 'sync', callCount, errorCount, p50Ns: p95Ns / 2, p95Ns, p99Ns: p95Ns }) as const;

const graph: ServiceGraph = {
  nodes: [
    { id: 'shop.frontend', type: 'service', system: null, spanCount: 100, errorCount: 5 },
    { id: 'shop.cart', type: 'service', system: null, spanCount: 50, errorCount: 0 },
    { id: 'billing', type: 'service', system: null, spanCount: 10, errorCount: 0 },
    { id: 'pg', type: 'database', system: 'postgresql', spanCount: 40, errorCount: 0 },
  ],
  edges: [edge('shop.frontend', 'shop.cart', 30, 3, 9e6), edge('shop.cart', 'pg', 40, 4, 2e6), edge('billing', 'pg', 10, 0, 8e6)],
};

describe('buildGraphModel', () => {
  it('gives services their span error share and leaves the failed share of calls into them', () => {
    const model = buildGraphModel(graph, false);
    const node = (name: string) => model.nodes.find((n) => n.name === name)!;
    expect(node('shop.frontend').errorRate).toBeCloseTo(0.05);
    expect(node('pg').errorRate).toBeCloseTo(4 / 50);
    expect(node('pg').p95Ns).toBe(8e6);
    expect(node('shop.frontend').p95Ns).toBeNull();
    expect(node('pg').callsIn).toBe(50);
  });

  it('groups by namespace only when asked, and keys the layout on shape and grouping', () => {
    const flat = buildGraphModel(graph, false);
    const grouped = buildGraphModel(graph, true);
    expect(flat.groups).toEqual([]);
    expect(grouped.groups).toEqual(['shop']);
    expect(grouped.nodes.find((n) => n.name === 'billing')!.group).toBeNull();
    expect(flat.shapeKey).not.toBe(grouped.shapeKey);
    const busier = { ...graph, edges: graph.edges.map((e) => ({ ...e, callCount: e.callCount * 2 })) };
    expect(buildGraphModel(busier, true).shapeKey).toBe(grouped.shapeKey);
  });

  it('turns into a layout request of node indexes', () => {
    const request = layoutRequestOf(buildGraphModel(graph, true));
    expect(request.nodeCount).toBe(4);
    expect([...request.groupOf]).toEqual([0, 0, -1, -1]);
    expect([...request.edges]).toEqual([0, 1, 1, 3, 2, 3]);
  });
});
