import type { traceCalls } from '../../../shared/contract/trace-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import type { Span } from '../../../shared/model.js';
import { spanDetail as readSpanDetail } from '../queries/span-detail.js';
import { spanLinks } from '../queries/span-links.js';
import { WaterfallModels } from '../queries/waterfall-model.js';
import { traceLayout, traceRowsPage } from '../queries/waterfall-view.js';
import type { HandlerContext } from './handler-context.js';
import { idParam } from './id-param.js';

/** The trace waterfall calls (shared/contract/trace-calls.ts). */
export function traceHandlers(ctx: HandlerContext): Handlers<typeof traceCalls> {
  const { db } = ctx;
  const models = new WaterfallModels(db);
  const model = (traceId: string) => {
    const found = models.get(idParam(traceId, 'trace'));
    if (found === null) throw new ApiError('not-found', `trace ${traceId} is not in the cache`);
    return found;
  };
  return {
    traceLayout: ({ traceId, reveal, ...state }) => traceLayout(db, model(traceId), state, reveal),
    traceRows: ({ traceId, offset, limit, critical, ...state }) => traceRowsPage(db, model(traceId), state, offset, limit, critical),
    spanDetail: ({ traceId, spanId }): Span[] => readSpanDetail(db, idParam(traceId, 'trace'), idParam(spanId, 'span')),
    spanLinks: ({ traceId, spanId }) => spanLinks(db, idParam(traceId, 'trace'), idParam(spanId, 'span')),
  };
}
