import { z } from 'zod';
import type { ServiceCharts } from '../views/charts-types.js';
import type { CorrelatedLogPage, LogHistogram } from '../views/logs-types.js';
import { call } from '../contract-kit.js';
import { id, limit, name, nsTime, timeWindow } from './schemas.js';

/**
 * What the logs view shows: a span's, a trace's, or a service's logs in a window, narrowed by text and severity.
 * A span id is only unique within its trace, so it needs the trace id.
 */
const logFilter = {
  traceId: id.optional(),
  spanId: id.optional(),
  service: name.optional(),
  text: z.string().min(1).max(1000).optional(),
  minSeverity: z.number().int().min(0).max(24).optional(),
  ...timeWindow,
};

const needsTraceForSpan = (input: { traceId?: string; spanId?: string }) => input.spanId === undefined || input.traceId !== undefined;
const spanNeedsTrace = { message: 'spanId needs traceId (a span id is only unique within its trace)', path: ['spanId'] };

const maxBuckets = z.number().int().min(1).max(2000).default(120);

/** Calls behind the logs and charts views. */
export const logsCalls = {
  correlatedLogs: call(
    z
      .object({
        ...logFilter,
        limit: limit(200, 5000),
        /** The previous page's `next`. */
        after: z.object({ timeNs: nsTime, id: z.number().int().min(0) }).optional(),
      })
      .refine(needsTraceForSpan, spanNeedsTrace),
  ).returns<CorrelatedLogPage>(),

  logHistogram: call(z.object({ ...logFilter, maxBuckets }).refine(needsTraceForSpan, spanNeedsTrace)).returns<LogHistogram>(),

  serviceCharts: call(z.object({ service: name, operation: name.optional(), ...timeWindow, maxBuckets })).returns<ServiceCharts>(),
};
