import { describe, expect, it } from 'vitest';
import type { GraphEdge, ServiceGraph } from '../../../../shared/api-types.js';
import { mergeDependencies } from '../../../../shared/dependency-graph.js';
import { GroupCollapse } from './collapsed-groups.js';
import { PALETTES } from './color-scale.js';
import { edgeClasses, edgeLabel, nodeColor } from './graph-elements.js';
import { buildGraphModel } from './graph-model.js';

/** The graph model of a service graph with pulled dependencies merged in (shared/dependency-graph.ts). */
const spanEdge = (source: string, target: string, callCount: number): GraphEdge => ({ source, target, mode: 'sync', callCount, errorCount: 0, p50Ns: 1e6, p95Ns: 2e6, p99Ns: 3e6 });
const WINDOW = { startNs: '1000', endNs: '2000' };
const graph: ServiceGraph = mergeDependencies(
  {
    nodes: [
      { id: 'shop.frontend', type: 'service', system: null, spanCount: 10, errorCount: 0 },
      { id: 'shop.cart', type: 'service', system: null, spanCount: 5, errorCount: 0 },
    ],
    edges: [spanEdge('shop.frontend', 'shop.cart', 5)],
  },
  [
    { source: 'prod', parent: 'shop.frontend', child: 'shop.cart', callCount: 900, errorCount: null, ...WINDOW },
    { source: 'prod', parent: 'shop.frontend', child: 'pay.api', callCount: 40, errorCount: null, ...WINDOW },
    { source: 'prod', parent: 'shop.cart', child: 'pay.ledger', callCount: 2, errorCount: null, ...WINDOW },
  ],
);

describe('the graph model with pulled dependencies', () => {
  it('draws edges and services only dependencies know apart, without a health colour or span figures', () => {
    const model = buildGraphModel(graph, false);
    const edge = (target: string) => model.edges.find((e) => e.target === target)!;
    expect(edgeClasses(edge('shop.cart'))).toBe('sync');
    expect(edgeClasses(edge('pay.api'))).toBe('sync deps-only');
    expect(edgeLabel(edge('pay.api'))).toBe('40 (dependencies)');
    expect(edgeLabel(edge('shop.cart'))).toBe('5 · p95 2 ms');
    const node = (name: string) => model.nodes.find((n) => n.name === name)!;
    expect(node('pay.api').origin).toBe('dependencies');
    expect(nodeColor(node('pay.api'), 'errors', PALETTES.dark)).toBe(PALETTES.dark.none);
    expect(nodeColor(node('shop.cart'), 'errors', PALETTES.dark)).toBe(PALETTES.dark.ok);
  });

  it('adds up dependency counts on the calls between collapsed groups', () => {
    const collapse = new GroupCollapse(buildGraphModel(graph, true));
    const drawn = collapse.drawn(new Set());
    const between = drawn.edges.find((e) => e.source === 'shop' && e.target === 'pay')!;
    expect(between).toMatchObject({ aggregate: true, origin: 'dependencies', callCount: 0 });
    expect(between.dependencies).toEqual([{ source: 'prod', callCount: 42, errorCount: null, ...WINDOW }]);
    // A group whose members are all known only from dependencies is drawn so too.
    expect(collapse.groups.find((g) => g.name === 'pay')!.node.origin).toBe('dependencies');
    expect(collapse.groups.find((g) => g.name === 'shop')!.node.origin).toBe('spans');
  });
});
