import { z } from 'zod';
import type { BubbleUpResult, FlowsResult, TraceDiffResult, ValueComparison } from '../analysis/compare/compare-types.js';
import type { Finding } from '../analysis/types.js';
import { call } from '../contract-kit.js';
import { id, name, nsTime, timeWindow } from './schemas.js';

const selection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slow'), minDurationNs: z.number().min(0) }),
  z.object({ kind: z.literal('errors') }),
  z.object({ kind: z.literal('range'), startNs: nsTime, endNs: nsTime }),
  z.object({ kind: z.literal('value'), key: name, value: z.string().max(4096) }),
]);

const traceIds = z.array(id).min(1).max(500);

/** Comparisons and anti-pattern findings over the cached window (issue 9 §3, §4). */
export const compareCalls = {
  /** BubbleUp: every attribute's values in the selection vs the rest of the window's spans (of `service`). */
  compareAttributes: call(z.object({ selection, service: name.optional(), limitKeys: z.number().int().min(1).max(500).default(30), ...timeWindow })).returns<BubbleUpResult>(),

  /** An attribute's values side by side over the requests (server spans) of `service`, or of every service. */
  compareValues: call(z.object({ by: name, service: name.optional(), ...timeWindow })).returns<ValueComparison>(),

  /** Two traces, or two groups of traces, merged on service:operation paths. */
  diffTraces: call(z.object({ a: traceIds, b: traceIds })).returns<TraceDiffResult>(),

  /** Entry operations with rate, errors, latency and their aggregated critical path. */
  flows: call(z.object({ ...timeWindow })).returns<FlowsResult>(),

  /** The anti-pattern detectors over the window's traces (of `service`), or over one trace. */
  findings: call(z.object({ traceId: id.optional(), service: name.optional(), ...timeWindow })).returns<Finding[]>(),
};
