import type { Db } from '../db/open-database.js';

/**
 * Finding a span by its id alone (the omnibox), without an index on spans(span_id).
 *
 * Span ids are random, so an index on them takes every insert to a random page, and every commit rewrites each page
 * it touched: for the receiver, which commits a few thousand spans at a time, that index was a third of the writing
 * thread's time. Instead, span ids go into `span_id_lookup` in sorted batches (a batch touches each page once) at
 * the end of an import or pull, and every ~50k spans for the receiver. Spans stored since the last batch (rowid
 * above `span_id_lookup_state.indexed_through`) are found by scanning that short tail, so a lookup is always
 * complete, whether or not the batch has run.
 */

/**
 * Spans sorted at once. SQLite's sorter holds up to the page cache's size in memory before it spills: one sort of a
 * 2M-span import's ids added ~50 MiB to the import's peak RSS (issue 10's budget is 400 MB). In sorted runs of this
 * many the peak stays ~10 MB, and the time did not change measurably (1M spans: 14.9-15.9 s vs 15.5 s).
 */
const SORTED_RUN = 250_000;

/** Adds the spans stored since the last batch to the lookup, in span-id order (in runs); returns how many it added. */
export function indexNewSpanIds(db: Db): number {
  const from = db.prepare('SELECT indexed_through FROM span_id_lookup_state').pluck().get() as number;
  const through = db.prepare('SELECT coalesce(max(rowid), 0) FROM spans').pluck().get() as number;
  const insert = db.prepare(
    `INSERT OR IGNORE INTO span_id_lookup (span_id, span_rowid)
     SELECT span_id, rowid FROM spans WHERE rowid > ? AND rowid <= ? ORDER BY span_id`,
  );
  let changes = 0;
  for (let at = from; at < through; at += SORTED_RUN) changes += insert.run(at, Math.min(through, at + SORTED_RUN)).changes;
  db.prepare('UPDATE span_id_lookup_state SET indexed_through = ?').run(through);
  return changes;
}

export interface SpanIdMatch {
  /** Exactly this span id, or every span id in [from, to). */
  where: { id: string } | { from: string; to: string };
  limit: number;
}

/**
 * The rowids of spans with this id (or in this id range), lowest span ids first, at most `limit` from the lookup
 * plus any from the unindexed tail. For a `SELECT … FROM spans WHERE rowid IN (…)`.
 */
export function spanRowidsSql(match: SpanIdMatch): { sql: string; params: Record<string, string | number> } {
  const exact = 'id' in match.where;
  const condition = exact ? 'span_id = @id' : 'span_id >= @from AND span_id < @to';
  const sql = `
    SELECT span_rowid FROM (SELECT span_rowid FROM span_id_lookup WHERE ${condition} ORDER BY span_id LIMIT @limit)
    UNION ALL
    SELECT rowid FROM spans WHERE rowid > (SELECT indexed_through FROM span_id_lookup_state) AND ${condition}`;
  return { sql, params: { ...match.where, limit: match.limit } };
}
