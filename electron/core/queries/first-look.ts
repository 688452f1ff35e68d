import type { TraceLayout, WaterfallRow, WaterfallRowsPage } from '../../../shared/trace/waterfall-types.js';
import type { Db } from '../db/open-database.js';
import { traceWarning } from './trace-warning.js';
import type { WaterfallModels } from './waterfall-model.js';
import { linkCounts, traceLayout, traceRowsPage, type WaterfallState } from './waterfall-view.js';

/**
 * A big trace's first screen, kept in the cache (migration 19) so a cold open shows rows at once: reading and
 * laying out a million spans takes seconds, most of it the read. Only the view a trace opens in — nothing collapsed,
 * no filter, clock skew adjusted — and its first rows; anything else is laid out from the trace itself.
 */
export interface FirstLook {
  traceId: string;
  /** The trace's span count in the cache when built: a later write that grows it makes the look stale. */
  spanCount: number;
  layout: TraceLayout;
  rows: WaterfallRow[];
}

/** Traces this big get a first look; smaller ones lay out in under ~100 ms. Migration 19's index spells it too. */
export const FIRST_LOOK_MIN_SPANS = 20_000;
/** Five of the renderer's pages: a first screen and some scrolling. */
export const FIRST_LOOK_ROWS = 1_000;

/** The state a waterfall opens in (TraceWaterfallView's first request). */
export function isOpeningState(state: WaterfallState): boolean {
  return (
    state.collapsed.length === 0 &&
    state.expanded.length === 0 &&
    state.collapseBelowDepth === undefined &&
    state.services === undefined &&
    state.minDurationNs === undefined &&
    !state.errorsOnly &&
    state.search === undefined &&
    state.adjustSkew
  );
}

const OPENING: WaterfallState = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };

/** Lays the trace out as it opens; null when it is not cached. */
export function buildFirstLook(db: Db, models: WaterfallModels, traceId: string): FirstLook | null {
  const model = models.get(traceId);
  if (model === null) return null;
  const layout = traceLayout(db, model, OPENING);
  const { rows } = traceRowsPage(db, model, OPENING, 0, FIRST_LOOK_ROWS);
  return { traceId, spanCount: model.storedCount, layout, rows };
}

/** Big traces whose first look is missing or was built at another span count, biggest first. */
export function staleFirstLooks(db: Db, limit = 20): { traceId: string; spanCount: number }[] {
  return db
    .prepare(
      `SELECT t.trace_id AS traceId, t.span_count AS spanCount FROM traces t
       WHERE t.span_count >= ${FIRST_LOOK_MIN_SPANS}
         AND NOT EXISTS (SELECT 1 FROM trace_first_looks f WHERE f.trace_id = t.trace_id AND f.span_count = t.span_count)
       ORDER BY t.span_count DESC LIMIT ?`,
    )
    .all(limit) as { traceId: string; spanCount: number }[];
}

/** Stores a look unless the trace changed since it was built (then the next pass builds it again). */
export function saveFirstLook(writeDb: Db, look: FirstLook): boolean {
  const result = writeDb
    .prepare(
      `INSERT INTO trace_first_looks (trace_id, span_count, layout, rows)
       SELECT @traceId, @spanCount, @layout, @rows WHERE (SELECT span_count FROM traces WHERE trace_id = @traceId) = @spanCount
       ON CONFLICT (trace_id) DO UPDATE SET span_count = excluded.span_count, layout = excluded.layout, rows = excluded.rows`,
    )
    .run({ traceId: look.traceId, spanCount: look.spanCount, layout: JSON.stringify(look.layout), rows: JSON.stringify(look.rows) });
  return result.changes > 0;
}

const ORPHANS = `trace_id NOT IN (SELECT trace_id FROM traces WHERE span_count >= ${FIRST_LOOK_MIN_SPANS})`;

/** How many looks belong to traces that are gone or now too small for one (their loads were removed). */
export function orphanFirstLooks(db: Db): number {
  return db.prepare(`SELECT count(*) FROM trace_first_looks WHERE ${ORPHANS}`).pluck().get() as number;
}

export function dropOrphanFirstLooks(writeDb: Db): number {
  return writeDb.prepare(`DELETE FROM trace_first_looks WHERE ${ORPHANS}`).run().changes;
}

const withLooks = new WeakMap<Db, boolean>();

/**
 * Whether this database keeps first looks: a casefile saved before migration 19 has no such table, and is read as it
 * is (a connection's schema does not change once open, so the answer is kept per connection).
 */
function keepsFirstLooks(db: Db): boolean {
  let keeps = withLooks.get(db);
  if (keeps === undefined) {
    keeps = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trace_first_looks'").get() !== undefined;
    withLooks.set(db, keeps);
  }
  return keeps;
}

/** The stored layout of a trace opening, if it is still the trace's; its pull warning is read now (pulls change it). */
export function firstLookLayout(db: Db, traceId: string): TraceLayout | null {
  if (!keepsFirstLooks(db)) return null;
  const stored = storedLayout(db, traceId);
  if (stored === null) return null;
  return { ...(JSON.parse(stored) as TraceLayout), partial: traceWarning(db, traceId) };
}

/**
 * Rows offset..offset+limit of a trace opening, if the stored look holds them all. Link counts are read now: a later
 * import can link other traces to this one without changing its spans.
 */
export function firstLookRows(db: Db, traceId: string, offset: number, limit: number): WaterfallRowsPage | null {
  if (!keepsFirstLooks(db)) return null;
  const stored = db
    .prepare(
      `SELECT f.rows, json_extract(f.layout, '$.rowCount') AS rowCount FROM trace_first_looks f JOIN traces t ON t.trace_id = f.trace_id
       WHERE f.trace_id = ? AND t.span_count = f.span_count`,
    )
    .get(traceId) as { rows: string; rowCount: number } | undefined;
  if (stored === undefined) return null;
  const end = Math.min(stored.rowCount, offset + limit);
  if (end > FIRST_LOOK_ROWS) return null;
  const rows = (JSON.parse(stored.rows) as WaterfallRow[]).slice(offset, end);
  const links = linkCounts(db, traceId);
  for (const row of rows) if (row.group === null) row.linkCount = links.get(row.spanId) ?? 0;
  return { rowCount: stored.rowCount, offset, rows };
}

function storedLayout(db: Db, traceId: string): string | null {
  const value = db
    .prepare(
      `SELECT f.layout FROM trace_first_looks f JOIN traces t ON t.trace_id = f.trace_id
       WHERE f.trace_id = ? AND t.span_count = f.span_count`,
    )
    .pluck()
    .get(traceId) as string | undefined;
  return value ?? null;
}
