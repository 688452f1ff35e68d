import type { traceCalls } from '../../../shared/contract/trace-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import type { Span } from '../../../shared/model.js';
import { FIRST_LOOK_MIN_SPANS, firstLookLayout, firstLookRows, isOpeningState } from '../queries/first-look.js';
import { spanDetail as readSpanDetail } from '../queries/span-detail.js';
import { spanLinks } from '../queries/span-links.js';
import { waterfallLayout, waterfallRows } from '../queries/waterfall-calls.js';
import { traceLayout, traceRowsPage } from '../queries/waterfall-view.js';
import type { HandlerContext } from './handler-context.js';
import { idParam } from './id-param.js';

/**
 * The trace waterfall calls (shared/contract/trace-calls.ts). A big trace opening answers from its stored first look
 * (first-look.ts); anything else about a big trace is laid out on the trace thread, so the API thread never spends
 * seconds on one.
 */
export function traceHandlers(ctx: HandlerContext): Handlers<typeof traceCalls> {
  const { db, traceReads, jobs, pulls } = ctx;
  /**
   * Where a trace not answered by its first look is laid out: from a running import's or pull's own rows while it is
   * not in the cache yet (the write's biggest trace so far), on the trace thread when big, else here. One lookup of
   * the trace.
   */
  const source = (traceId: string) => {
    const stored = db.prepare('SELECT span_count FROM traces WHERE trace_id = ?').pluck().get(traceId) as number | undefined;
    if (stored === undefined) return { arriving: jobs.arriving(traceId) ?? pulls.arriving(traceId) ?? notCached(traceId), big: false };
    return { arriving: null, big: stored >= FIRST_LOOK_MIN_SPANS };
  };
  /** A trace being watched as it arrived whose import or pull then stopped: said with its reason, not a bare "not found". */
  const notCached = (traceId: string): null => {
    const why = jobs.whyNotCached(traceId) ?? pulls.whyNotCached(traceId);
    if (why === null) return null;
    throw new ApiError('not-found', `trace ${traceId} is not in the cache: ${why}`);
  };
  /** A span's detail and links: from a running import's or pull's own rows while its trace arrives (nothing is committed yet). */
  const spanDb = (traceId: string) => jobs.arrivingDb(traceId) ?? pulls.arrivingDb(traceId) ?? db;
  return {
    traceLayout: async ({ traceId: raw, reveal, ...state }) => {
      const traceId = idParam(raw, 'trace');
      const look = reveal === undefined && isOpeningState(state) ? firstLookLayout(db, traceId) : null;
      if (look !== null) return look;
      const { arriving, big } = source(traceId);
      if (arriving !== null) return { ...traceLayout(arriving.db, arriving.model, state, reveal), arriving: arriving.arriving };
      const input = { traceId, state, reveal };
      return big ? traceReads.run('traceLayout', input) : waterfallLayout(db, input);
    },
    traceRows: async ({ traceId: raw, offset, limit, critical, ...state }) => {
      const traceId = idParam(raw, 'trace');
      const look = !critical && isOpeningState(state) ? firstLookRows(db, traceId, offset, limit) : null;
      if (look !== null) return look;
      const { arriving, big } = source(traceId);
      if (arriving !== null) return traceRowsPage(arriving.db, arriving.model, state, offset, limit, critical);
      const input = { traceId, state, offset, limit, critical };
      return big ? traceReads.run('traceRows', input) : waterfallRows(db, input);
    },
    spanDetail: ({ traceId: raw, spanId }): Span[] => {
      const traceId = idParam(raw, 'trace');
      return readSpanDetail(spanDb(traceId), traceId, idParam(spanId, 'span'));
    },
    spanLinks: ({ traceId: raw, spanId }) => {
      const traceId = idParam(raw, 'trace');
      return spanLinks(spanDb(traceId), traceId, idParam(spanId, 'span'));
    },
  };
}
