import type { Db } from '../db/open-database.js';

export function cacheCounts(db: Db): { spanCount: number; logCount: number; traceCount: number } {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { spanCount: count('spans'), logCount: count('logs'), traceCount: count('traces') };
}
