import type { SourceDependency } from '../../../shared/dependency-graph.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, ns, nsBound } from './rows.js';

/**
 * Pulled dependency edges whose pull's window overlaps this one. For each source and parent → child, the latest pull
 * that has the edge answers: asking again (a refresh, a later hour) replaces the count, while edges only an earlier
 * overlapping pull saw stay in the topology. Counts of different pulls are never added: their windows may overlap.
 */
export function dependencyEdges(db: Db, window: { startNs?: string; endNs?: string }): SourceDependency[] {
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
  return [...latest.values()];
}
