import type { GraphNodeAggregates } from '../../../shared/api-types.js';
import type { SourceDependency } from '../../../shared/dependency-graph.js';
import type { Db } from '../db/open-database.js';
import { unpackValues } from '../sources/aggregate-ledger.js';
import { MAX_NS, MIN_NS, ns, nsBound } from './rows.js';

/**
 * Pulled dependency edges whose pull's window overlaps this one. For each source and parent → child, the latest pull
 * that has the edge answers: asking again (a refresh, a later hour) replaces the count, while edges only an earlier
 * overlapping pull saw stay in the topology. Counts of different pulls are never added: their windows may overlap.
 */
export function dependencyEdges(db: Db, window: { startNs?: string; endNs?: string }, withAggregates = true): SourceDependency[] {
  const rows = db
    .prepare(
      `SELECT p.source, e.parent, e.child, e.call_count, e.error_count, p.start_ns, p.end_ns
       FROM dependency_pulls p JOIN dependency_edges e ON e.load_id = p.load_id
       WHERE p.start_ns <= @end AND p.end_ns >= @start
       ORDER BY p.load_id DESC`,
    )
    .raw(true)
    .safeIntegers(true)
    .all({ start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) }) as [string, string, string, bigint, bigint | null, bigint, bigint][];
  const latest = new Map<string, SourceDependency>();
  for (const [source, parent, child, calls, errors, startNs, endNs] of rows) {
    const key = `${source}\u0000${parent}\u0000${child}`;
    if (latest.has(key)) continue;
    latest.set(key, { source, parent, child, callCount: Number(calls), errorCount: errors === null ? null : Number(errors), startNs: ns(startNs), endNs: ns(endNs) });
  }
  if (!withAggregates) return [...latest.values()];
  return [...latest.values(), ...aggregateEdges(db, window, new Set([...latest.values()].map((d) => d.source)))];
}

/**
 * The edges of fleet answers (aggregates pulls, service graph metrics) overlapping the window, as dependencies: the
 * calls and failed calls each edge's rates add up to over the answer's buckets. The newest answer of each source
 * answers; a source that also has dependency pulls keeps those.
 */
function aggregateEdges(db: Db, window: { startNs?: string; endNs?: string }, skip: ReadonlySet<string>): SourceDependency[] {
  const pulls = db
    .prepare(
      `SELECT p.load_id, p.source, p.start_ns, p.step_ns, p.buckets FROM aggregate_pulls p JOIN loads l ON l.id = p.load_id
       WHERE l.status = 'done' AND p.start_ns <= @end AND p.start_ns + p.step_ns * p.buckets >= @start
       ORDER BY p.load_id DESC`,
    )
    .raw(true)
    .safeIntegers(true)
    .all({ start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) }) as [bigint, string, bigint, bigint, bigint][];
  const seen = new Set(skip);
  const edges: SourceDependency[] = [];
  const series = db.prepare("SELECT service, peer, metric, vals FROM aggregate_series WHERE load_id = ? AND scope = 'edge' AND metric IN ('rate', 'errors')").raw(true);
  for (const [loadId, source, startNs, stepNs, buckets] of pulls) {
    if (seen.has(source)) continue;
    seen.add(source);
    const stepSeconds = Number(stepNs) / 1e9;
    const byEdge = new Map<string, SourceDependency>();
    for (const [parent, child, metric, vals] of series.all(loadId) as [string, string, 'rate' | 'errors', Buffer][]) {
      const key = `${parent}\u0000${child}`;
      const edge = byEdge.get(key) ?? { source, parent, child, callCount: 0, errorCount: 0, startNs: ns(startNs), endNs: ns(startNs + stepNs * buckets) };
      const total = Math.round(unpackValues(vals).reduce((sum: number, v) => sum + (v ?? 0), 0) * stepSeconds);
      if (metric === 'rate') edge.callCount = total;
      else edge.errorCount = total;
      byEdge.set(key, edge);
    }
    edges.push(...byEdge.values());
  }
  return edges;
}

/**
 * Each service's own figures from the newest fleet answer of each source overlapping the window (the first source
 * wins): requests per second and error share over the answer, and the median of its p95 buckets.
 */
export function aggregateNodes(db: Db, window: { startNs?: string; endNs?: string }): Map<string, GraphNodeAggregates> {
  const pulls = db
    .prepare(
      `SELECT p.load_id, p.source, p.buckets FROM aggregate_pulls p JOIN loads l ON l.id = p.load_id
       WHERE l.status = 'done' AND p.start_ns <= @end AND p.start_ns + p.step_ns * p.buckets >= @start
       ORDER BY p.load_id DESC`,
    )
    .raw(true)
    .all({ start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) }) as [number, string, number][];
  const nodes = new Map<string, GraphNodeAggregates>();
  const series = db.prepare("SELECT service, metric, vals FROM aggregate_series WHERE load_id = ? AND scope = 'service' AND metric IN ('rate', 'errors', 'p95')").raw(true);
  const seen = new Set<string>();
  for (const [loadId, source, buckets] of pulls) {
    if (seen.has(source)) continue;
    seen.add(source);
    const figures = new Map<string, { rate: number; errors: number; p95: (number | null)[] }>();
    for (const [service, metric, vals] of series.all(loadId) as [string, 'rate' | 'errors' | 'p95', Buffer][]) {
      const entry = figures.get(service) ?? { rate: 0, errors: 0, p95: [] };
      const values = unpackValues(vals);
      if (metric === 'p95') entry.p95 = values;
      else entry[metric] = values.reduce((sum: number, v) => sum + (v ?? 0), 0);
      figures.set(service, entry);
    }
    for (const [service, f] of figures) {
      if (nodes.has(service)) continue;
      const p95 = f.p95.filter((v): v is number => v !== null).sort((a, b) => a - b);
      nodes.set(service, {
        source,
        rate: f.rate / Math.max(1, buckets),
        errorRatio: f.rate > 0 ? f.errors / f.rate : 0,
        p95Ms: p95.length === 0 ? null : p95[Math.floor(p95.length / 2)]!,
      });
    }
  }
  return nodes;
}
