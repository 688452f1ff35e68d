import { z } from 'zod';
import type { Span } from '../model.js';
import type { SpanLinksResult, TraceLayout, WaterfallRowsPage } from '../trace/waterfall-types.js';
import { call } from '../contract-kit.js';
import { id, name } from './schemas.js';

const spanKey = z.string().min(1).max(300);

/**
 * The waterfall's view state as the cache needs it to lay rows out: which subtrees are collapsed, filters, search,
 * clock-skew adjustment. Sent whole with each call so the cache keeps no per-window session.
 */
const waterfallState = {
  traceId: id,
  collapsed: z.array(spanKey).max(100_000).default([]),
  /** Opened by hand after a "collapse below depth". */
  expanded: z.array(spanKey).max(100_000).default([]),
  collapseBelowDepth: z.number().int().min(0).max(10_000_000).optional(),
  services: z.array(name).max(10_000).optional(),
  minDurationNs: z.number().min(0).optional(),
  errorsOnly: z.boolean().default(false),
  search: z.string().min(1).max(500).optional(),
  adjustSkew: z.boolean().default(true),
};

/** Calls behind the trace waterfall. */
export const traceCalls = {
  /** The trace's shape under the given state: row count, services, error and match rows, minimap. */
  traceLayout: call(z.object({ ...waterfallState, reveal: spanKey.optional() })).returns<TraceLayout>(),

  /** One window of rows under the given state. */
  traceRows: call(
    z.object({
      ...waterfallState,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(5000).default(200),
      /** Include critical-path sections (computed on first request, so a trace opens without paying for them). */
      critical: z.boolean().default(false),
    }),
  ).returns<WaterfallRowsPage>(),

  /** Every span of the trace with this id (Zipkin shares one id between client and server halves). */
  spanDetail: call(z.object({ traceId: id, spanId: id })).returns<Span[]>(),

  /** Links both ways: the span's own links, and spans in the cache that link to it. */
  spanLinks: call(z.object({ traceId: id, spanId: id })).returns<SpanLinksResult>(),
};
