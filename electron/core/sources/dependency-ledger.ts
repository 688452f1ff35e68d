import type { DependencyEdge } from '../../../shared/source-pulls.js';
import type { Db } from '../db/open-database.js';
import { ns } from '../queries/rows.js';
import type { TimeWindow } from './connector.js';

/** The dependencies half of the pull ledger (migration 5): what a dependencies pull found, and over which window. */

export interface PulledDependencies {
  source: string;
  window: TimeWindow;
  edges: readonly DependencyEdge[];
}

/** Inside the pull's transaction, beside its ledger row. */
export function recordDependencies(db: Db, loadId: number, pulled: PulledDependencies): void {
  db.prepare('INSERT INTO dependency_pulls (load_id, source, start_ns, end_ns) VALUES (?, ?, ?, ?)').run(
    loadId,
    pulled.source,
    pulled.window.startNs,
    pulled.window.endNs,
  );
  // Jaeger's Elasticsearch and Cassandra stores answer one link per day (or per Spark run) of the window: the same
  // parent → child several times. Their counts add up to the window's.
  const edge = db.prepare(
    `INSERT INTO dependency_edges (load_id, parent, child, call_count, error_count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (load_id, parent, child) DO UPDATE SET call_count = call_count + excluded.call_count,
       error_count = CASE WHEN error_count IS NULL OR excluded.error_count IS NULL THEN NULL ELSE error_count + excluded.error_count END`,
  );
  for (const e of pulled.edges) edge.run(loadId, e.parent, e.child, e.callCount, e.errorCount);
}

/** The edges a dependencies pull found, busiest first. */
export function pulledDependencies(db: Db, loadId: number): DependencyEdge[] {
  const rows = db
    .prepare('SELECT parent, child, call_count, error_count FROM dependency_edges WHERE load_id = ? ORDER BY call_count DESC, parent, child')
    .all(loadId) as { parent: string; child: string; call_count: number; error_count: number | null }[];
  return rows.map((r) => ({ parent: r.parent, child: r.child, callCount: r.call_count, errorCount: r.error_count }));
}

/** The window a dependencies pull covers, as decimal ns; null for other pulls. */
export function dependencyWindow(db: Db, loadId: number): { startNs: string; endNs: string } | null {
  const row = db.prepare('SELECT start_ns, end_ns FROM dependency_pulls WHERE load_id = ?').safeIntegers(true).get(loadId) as
    | { start_ns: bigint; end_ns: bigint }
    | undefined;
  return row === undefined ? null : { startNs: ns(row.start_ns), endNs: ns(row.end_ns) };
}
