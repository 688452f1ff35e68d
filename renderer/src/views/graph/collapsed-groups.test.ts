import { describe, expect, it } from 'vitest';
import type { GraphEdge, ServiceGraph } from '../../../../shared/api-types.js';
import { GroupCollapse, drawnChange } from './collapsed-groups.js';
import { buildGraphModel } from './graph-model.js';

const edge = (source: string, target: string, callCount: number, errorCount: number, p95Ns: number, mode: GraphEdge['mode'] = 'sync'): GraphEdge =>
  ({ source, target, mode, callCount, errorCount, p50Ns: p95Ns / 2, p95Ns, p99Ns: p95Ns * 2 });
const service = (id: string, spanCount: number, errorCount: number) => ({ id, type: 'service' as const, system: null, spanCount, errorCount });

const graph: ServiceGraph = {
  nodes: [
    service('shop.frontend', 100, 1),
    service('shop.cart', 50, 10),
    service('pay.api', 20, 0),
    service('pay.ledger', 20, 0),
    service('edge', 10, 0),
  ],
  edges: [
    edge('edge', 'shop.frontend', 10, 0, 5e6),
    edge('shop.frontend', 'shop.cart', 30, 3, 9e6),
    edge('shop.frontend', 'pay.api', 7, 1, 4e6),
    edge('shop.cart', 'pay.api', 5, 2, 12e6),
    edge('shop.cart', 'pay.ledger', 3, 0, 1e6, 'async'),
    edge('pay.api', 'pay.ledger', 20, 0, 2e6),
  ],
};
const model = buildGraphModel(graph, true);
const collapse = new GroupCollapse(model);
const names = (indexes: number[]) => indexes.map((i) => model.nodes[i]!.name).sort();
const edgeText = (e: { sourceId: string; targetId: string; mode: string; callCount: number; errorCount: number; p95Ns: number }) =>
  `${e.sourceId}>${e.targetId}>${e.mode} ${e.callCount}/${e.errorCount} p95 ${e.p95Ns}`;

describe('GroupCollapse', () => {
  it('folds members into their group: the worst error rate and p95, calls in summed', () => {
    const shop = collapse.groups.find((g) => g.name === 'shop')!;
    expect(names(shop.members)).toEqual(['shop.cart', 'shop.frontend']);
    expect(shop.node.errorRate).toBeCloseTo(0.2); // cart: 10 of 50 spans
    expect(shop.node.p95Ns).toBe(9e6);
    expect(shop.node.callsIn).toBe(40);
    expect(collapse.groupOf('pay.ledger')?.name).toBe('pay');
    expect(collapse.groupOf('edge')).toBeNull();
  });

  it('draws collapsed groups as single nodes, with calls between them added up and calls inside left out', () => {
    const drawn = collapse.drawn(new Set());
    expect(names(drawn.nodes)).toEqual(['edge']);
    expect(drawn.collapsed.map((g) => model.groups[g])).toEqual(['pay', 'shop']);
    expect(drawn.edges.map(edgeText).sort()).toEqual([
      'g:shop>g:pay>async 3/0 p95 1000000',
      'g:shop>g:pay>sync 12/3 p95 12000000',
      'n:edge>g:shop>sync 10/0 p95 5000000',
    ]);
    const sync = drawn.edges.find((e) => e.sourceId === 'g:shop' && e.mode === 'sync')!;
    expect(sync.aggregate).toBe(true);
    expect(sync.members.map((i) => `${model.edges[i]!.source}>${model.edges[i]!.target}`).sort()).toEqual([
      'shop.cart>pay.api',
      'shop.frontend>pay.api',
    ]);
    expect(sync.p99Ns).toBe(24e6);
  });

  it('draws an expanded group’s members and their own calls, still folding calls into the collapsed group', () => {
    const drawn = collapse.drawn(new Set(['shop']));
    expect(names(drawn.nodes)).toEqual(['edge', 'shop.cart', 'shop.frontend']);
    expect(drawn.edges.map(edgeText).sort()).toEqual([
      'n:edge>n:shop.frontend>sync 10/0 p95 5000000',
      'n:shop.cart>g:pay>async 3/0 p95 1000000',
      'n:shop.cart>g:pay>sync 5/2 p95 12000000',
      'n:shop.frontend>g:pay>sync 7/1 p95 4000000',
      'n:shop.frontend>n:shop.cart>sync 30/3 p95 9000000',
    ]);
    const everything = collapse.drawn(new Set(['shop', 'pay']));
    expect(everything.edges.every((e) => !e.aggregate)).toBe(true);
    expect(everything.edges.map((e) => e.key).sort()).toEqual(model.edges.map((e) => e.key).sort());
  });
});

describe('drawnChange', () => {
  it('adds only the expanded group’s members and the edges that differ, and undoes it on collapse', () => {
    const closed = collapse.drawn(new Set());
    const open = collapse.drawn(new Set(['shop']));
    const change = drawnChange(closed, open);
    expect(names(change.addNodes)).toEqual(['shop.cart', 'shop.frontend']);
    expect(change.removeNodes).toEqual([]);
    expect(change.expandedGroups.map((g) => model.groups[g])).toEqual(['shop']);
    expect(change.removeEdges.sort()).toEqual(closed.edges.map((e) => e.key).sort());
    expect(change.addEdges.map(edgeText).sort()).toEqual(open.edges.map(edgeText).sort());
    const back = drawnChange(open, closed);
    expect(names(back.removeNodes)).toEqual(['shop.cart', 'shop.frontend']);
    expect(back.collapsedGroups.map((g) => model.groups[g])).toEqual(['shop']);
    expect(back.addEdges.map(edgeText).sort()).toEqual(closed.edges.map(edgeText).sort());
  });

  it('updates an aggregate kept across the change when its figures changed', () => {
    const payOpen = collapse.drawn(new Set(['pay']));
    const both = collapse.drawn(new Set(['pay', 'shop']));
    expect(drawnChange(payOpen, both).updateEdges).toEqual([]);
    const shopOpen = collapse.drawn(new Set(['shop']));
    expect(drawnChange(shopOpen, shopOpen)).toMatchObject({ addNodes: [], removeNodes: [], addEdges: [], removeEdges: [], updateEdges: [] });
  });
});
