import type { GraphEdgeDependency } from '../../../../shared/api-types.js';
import { formatCount } from '../../lib/format-count.js';

/**
 * Figures of an edge's pulled dependencies (shared/dependency-graph.ts). They count calls over the whole window as the
 * backend saw them, where an edge's own figures count only cached spans: the two are shown apart, never added.
 */

/** All sources' dependency calls on an edge. */
export function dependencyCalls(edge: { dependencies: readonly GraphEdgeDependency[] }): number {
  let calls = 0;
  for (const d of edge.dependencies) calls += d.callCount;
  return calls;
}

/** "from prod dependencies: 30,489 calls (12 errors)". */
export function dependencyText(d: GraphEdgeDependency): string {
  const errors = d.errorCount === null ? '' : ` (${formatCount(d.errorCount)} error${d.errorCount === 1 ? '' : 's'})`;
  return `from ${d.source} dependencies: ${formatCount(d.callCount)} call${d.callCount === 1 ? '' : 's'}${errors}`;
}

/**
 * Adds `more` into `into`, one entry per source (calls and errors summed, windows widened): the calls between two
 * collapsed groups stand for many edges. Entries of `into` are replaced, never changed, as they may be a member's.
 */
export function foldDependencies(into: GraphEdgeDependency[], more: readonly GraphEdgeDependency[]): void {
  for (const d of more) {
    const i = into.findIndex((e) => e.source === d.source);
    const found = into[i];
    if (found === undefined) {
      into.push(d);
      continue;
    }
    into[i] = {
      source: d.source,
      callCount: found.callCount + d.callCount,
      errorCount: found.errorCount === null || d.errorCount === null ? null : found.errorCount + d.errorCount,
      startNs: BigInt(d.startNs) < BigInt(found.startNs) ? d.startNs : found.startNs,
      endNs: BigInt(d.endNs) > BigInt(found.endNs) ? d.endNs : found.endNs,
    };
  }
}

/**
 * The window to pull traces through a dependency-only edge: the graph's window within the one the backend counted
 * the calls in (the backend's alone when the graph shows all cached data or the two do not meet).
 */
export function tracePullWindow(graph: { startNs?: string; endNs?: string }, d: GraphEdgeDependency): { startNs: string; endNs: string } {
  const start = graph.startNs !== undefined && BigInt(graph.startNs) > BigInt(d.startNs) ? graph.startNs : d.startNs;
  const end = graph.endNs !== undefined && BigInt(graph.endNs) < BigInt(d.endNs) ? graph.endNs : d.endNs;
  return BigInt(start) < BigInt(end) ? { startNs: start, endNs: end } : { startNs: d.startNs, endNs: d.endNs };
}
