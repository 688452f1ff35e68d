import type { traceCalls } from '../../../shared/contract/trace-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
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
  const { db, traceReads, jobs } = ctx;
  const storedSpans = (traceId: string) => db.prepare('SELECT span_count FROM traces WHERE trace_id = ?').pluck().get(traceId) as number | undefined;
  const big = (traceId: string) => (storedSpans(traceId) ?? 0) >= FIRST_LOOK_MIN_SPANS;
  // A trace not in the cache yet may be arriving: the running import's biggest, read from its own transaction.
  const arriving = (traceId: string) => (storedSpans(traceId) === undefined ? jobs.arriving(traceId) : null);
  return {
    traceLayout: async ({ traceId: raw, reveal, ...state }) => {
      const traceId = idParam(raw, 'trace');
      const look = reveal === undefined && isOpeningState(state) ? firstLookLayout(db, traceId) : null;
      if (look !== null) return look;
      const live = arriving(traceId);
      if (live !== null) return { ...traceLayout(live.db, live.model, state, reveal), arriving: live.arriving };
      const input = { traceId, state, reveal };
      return big(traceId) ? traceReads.run('traceLayout', input) : waterfallLayout(db, input);
    },
    traceRows: async ({ traceId: raw, offset, limit, critical, ...state }) => {
      const traceId = idParam(raw, 'trace');
      const look = !critical && isOpeningState(state) ? firstLookRows(db, traceId, offset, limit) : null;
      if (look !== null) return look;
      const live = arriving(traceId);
      if (live !== null) return traceRowsPage(live.db, live.model, state, offset, limit, critical);
      const input = { traceId, state, offset, limit, critical };
      return big(traceId) ? traceReads.run('traceRows', input) : waterfallRows(db, input);
    },
    spanDetail: ({ traceId, spanId }): Span[] => readSpanDetail(db, idParam(traceId, 'trace'), idParam(spanId, 'span')),
    spanLinks: ({ traceId, spanId }) => spanLinks(db, idParam(traceId, 'trace'), idParam(spanId, 'span')),
  };
}
