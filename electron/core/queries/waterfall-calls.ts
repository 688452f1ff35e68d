import { ApiError } from '../../../shared/contract-kit.js';
import type { TraceLayout, WaterfallRowsPage } from '../../../shared/trace/waterfall-types.js';
import type { Db } from '../db/open-database.js';
import { modelsFor, type WaterfallModel } from './waterfall-model.js';
import { traceLayout, traceRowsPage, type WaterfallState } from './waterfall-view.js';

/**
 * The waterfall's two calls over a connection's kept models, as plain functions of plain input: the API thread
 * runs them for small traces, the read thread for big ones (a million spans take seconds to read and lay out).
 */
export function waterfallLayout(db: Db, { traceId, state, reveal }: { traceId: string; state: WaterfallState; reveal?: string }): TraceLayout {
  return traceLayout(db, openedModel(db, traceId), state, reveal);
}

export function waterfallRows(
  db: Db,
  { traceId, state, offset, limit, critical }: { traceId: string; state: WaterfallState; offset: number; limit: number; critical: boolean },
): WaterfallRowsPage {
  return traceRowsPage(db, openedModel(db, traceId), state, offset, limit, critical);
}

function openedModel(db: Db, traceId: string): WaterfallModel {
  const found = modelsFor(db).get(traceId);
  if (found === null) throw new ApiError('not-found', `trace ${traceId} is not in the cache`);
  return found;
}
