import type { GraphEdge, GraphEdgeDependency, GraphNode, ServiceGraph } from './api-types.js';

/** A dependency edge a live source's backend computed (pulled with pullDependencies), as the graph merges it. */
export interface SourceDependency extends GraphEdgeDependency {
  parent: string;
  child: string;
}

/**
 * Merges pulled dependency edges into the graph of cached spans. An edge the spans already draw gets the backend's
 * count beside its own (origin 'both'; the synchronous edge when a pair has both kinds, as backends count calls, not
 * messages); any other becomes a synchronous edge known only from dependencies, with zero span figures. Services only
 * dependencies name become nodes with origin 'dependencies'. A service calling itself is left out, as the span graph
 * leaves out calls within a service. Every node and edge of the result carries its origin.
 */
export function mergeDependencies(graph: ServiceGraph, dependencies: readonly SourceDependency[]): ServiceGraph {
  const nodes = graph.nodes.map((node): GraphNode => ({ ...node, origin: 'spans' }));
  const edges = graph.edges.map((edge): GraphEdge => ({ ...edge, origin: 'spans', dependencies: [] }));
  if (dependencies.length === 0) return { nodes, edges };
  const nodeIds = new Set(nodes.map((n) => n.id));
  const byPair = new Map<string, GraphEdge>();
  for (const edge of edges) {
    const key = pairKey(edge.source, edge.target);
    if (!byPair.has(key) || edge.mode === 'sync') byPair.set(key, edge);
  }
  for (const dependency of dependencies) {
    const { parent, child, ...figures } = dependency;
    if (parent === child) continue;
    const key = pairKey(parent, child);
    let edge = byPair.get(key);
    if (edge === undefined) {
      edge = { source: parent, target: child, mode: 'sync', callCount: 0, errorCount: 0, p50Ns: 0, p95Ns: 0, p99Ns: 0, origin: 'dependencies', dependencies: [] };
      byPair.set(key, edge);
      edges.push(edge);
    } else if (edge.origin === 'spans') {
      edge.origin = 'both';
    }
    edge.dependencies!.push(figures);
    for (const id of [parent, child]) {
      if (nodeIds.has(id)) continue;
      nodeIds.add(id);
      nodes.push({ id, type: 'service', system: null, spanCount: 0, errorCount: 0, origin: 'dependencies' });
    }
  }
  return { nodes, edges };
}

function pairKey(source: string, target: string): string {
  return `${source}\u0000${target}`;
}
