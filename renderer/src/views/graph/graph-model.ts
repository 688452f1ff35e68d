import type { GraphEdgeDependency, GraphEdgeOrigin, GraphNodeAggregates, GraphNodeType, ServiceGraph } from '../../../../shared/api-types.js';
import type { LayoutRequest } from './graph-layout.js';
import { graphShapeKey } from './graph-hash.js';
import { groupNodes } from './grouping.js';

export interface ViewNode {
  /** Cytoscape id: `n:` + name, so no name can collide with a group's id. */
  key: string;
  name: string;
  type: GraphNodeType;
  system: string | null;
  group: string | null;
  /** Services: their spans' error share; leaves: the share of calls into them that failed. */
  errorRate: number;
  /** Slowest p95 among the calls into the node; null for a node nobody calls. */
  p95Ns: number | null;
  callsIn: number;
  /** 'dependencies' when only a backend's pulled dependencies name it (no cached span). */
  origin: 'spans' | 'dependencies';
  /** Its figures from a fleet answer (span metrics), which colour it when no cached span does. */
  aggregates: GraphNodeAggregates | null;
}

export interface ViewEdge {
  key: string;
  source: string;
  target: string;
  mode: 'sync' | 'async';
  callCount: number;
  errorCount: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
  /** Cached spans, a backend's pulled dependencies, or both; the figures above count spans only. */
  origin: GraphEdgeOrigin;
  dependencies: GraphEdgeDependency[];
}

export interface GraphModel {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Group names, in the order LayoutRequest.groupOf indexes them. */
  groups: string[];
  /** Layout cache key: the shape (node and edge ids) and whether it is grouped. */
  shapeKey: string;
}

export const nodeKey = (name: string) => `n:${name}`;
export const groupKey = (name: string) => `g:${name}`;

/** The view's model of the API's graph: per-node figures for colouring, and groups when asked. */
export function buildGraphModel(graph: ServiceGraph, grouped: boolean): GraphModel {
  const groupOf = grouped ? groupNodes(graph.nodes.map((n) => n.id)) : new Map<string, string | null>();
  const incoming = new Map<string, { calls: number; errors: number; p95: number }>();
  for (const edge of graph.edges) {
    const tally = incoming.get(edge.target) ?? { calls: 0, errors: 0, p95: 0 };
    tally.calls += edge.callCount;
    tally.errors += edge.errorCount;
    tally.p95 = Math.max(tally.p95, edge.p95Ns);
    incoming.set(edge.target, tally);
  }
  const nodes = graph.nodes.map((node): ViewNode => {
    const into = incoming.get(node.id);
    // A service the fleet answer knows but no cached span does is coloured by the backend's own figures.
    const fleet = node.spanCount === 0 ? (node.aggregates ?? null) : null;
    const errorRate =
      fleet !== null
        ? fleet.errorRatio
        : node.type === 'service'
          ? node.spanCount > 0 ? node.errorCount / node.spanCount : 0
          : into !== undefined && into.calls > 0 ? into.errors / into.calls : 0;
    return {
      key: nodeKey(node.id),
      name: node.id,
      type: node.type,
      system: node.system,
      group: groupOf.get(node.id) ?? null,
      errorRate,
      p95Ns: fleet !== null ? (fleet.p95Ms === null ? null : fleet.p95Ms * 1e6) : into === undefined ? null : into.p95,
      callsIn: into?.calls ?? 0,
      origin: node.origin ?? 'spans',
      aggregates: node.aggregates ?? null,
    };
  });
  const edges = graph.edges.map(
    (edge): ViewEdge => ({ key: edgeKey(edge.source, edge.target, edge.mode), ...edge, origin: edge.origin ?? 'spans', dependencies: edge.dependencies ?? [] }),
  );
  const groups = [...new Set(nodes.flatMap((n) => (n.group === null ? [] : [n.group])))].sort();
  const shapeKey = graphShapeKey(
    nodes.map((n) => n.key),
    edges.map((e) => e.key),
    grouped ? 'grouped' : 'flat',
  );
  return { nodes, edges, groups, shapeKey };
}

export function edgeKey(source: string, target: string, mode: 'sync' | 'async'): string {
  return `e:${mode}:${source}\u0000${target}`;
}

/** The model as the layout worker takes it. */
export function layoutRequestOf(model: GraphModel): LayoutRequest {
  const index = new Map(model.nodes.map((n, i) => [n.name, i]));
  const groupIndex = new Map(model.groups.map((g, i) => [g, i]));
  const edges = new Uint32Array(model.edges.length * 2);
  model.edges.forEach((edge, i) => {
    edges[2 * i] = index.get(edge.source)!;
    edges[2 * i + 1] = index.get(edge.target)!;
  });
  return {
    nodeCount: model.nodes.length,
    groupOf: Int32Array.from(model.nodes, (n) => (n.group === null ? -1 : groupIndex.get(n.group)!)),
    groupCount: model.groups.length,
    edges,
  };
}
