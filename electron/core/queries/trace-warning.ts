import type { Db } from '../db/open-database.js';

/**
 * Why the cached copy of a trace may be incomplete: the warning its latest successful pull left about it (Tempo's
 * PARTIAL: "Tempo returned only part of this trace (…)"), or null. A later pull that returned it whole clears it,
 * since the spans it added are in the cache now.
 */
export function traceWarning(db: Db, traceId: string): string | null {
  const row = db
    .prepare(
      `SELECT (SELECT w.message FROM pull_warnings w WHERE w.load_id = l.id AND w.trace_id = p.trace_id AND w.partial = 1 ORDER BY w.rowid LIMIT 1) AS message
       FROM pull_results p JOIN loads l ON l.id = p.load_id
       WHERE p.trace_id = ? AND l.status = 'done'
       ORDER BY l.id DESC LIMIT 1`,
    )
    .get(traceId) as { message: string | null } | undefined;
  return row?.message ?? null;
}
