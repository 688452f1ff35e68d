import { z } from 'zod';
import { EDGE_TRACE_SORTS, type EdgeTracePage, type ServiceOperations } from '../graph-types.js';
import { call } from '../contract-kit.js';

import { limit, name, timeWindow } from './schemas.js';

/** Calls behind the service graph view: what a selected service serves, and which traces go through an edge. */
export const graphCalls = {
  serviceOperations: call(z.object({ service: name, ...timeWindow })).returns<ServiceOperations>(),

  edgeTraces: call(
    z.object({
      source: name,
      target: name,
      /** Both when omitted: a pair of nodes can be joined by a sync and an async edge. */
      mode: z.enum(['sync', 'async']).optional(),
      limit: limit(50, 1000),
      /** Worst first when omitted. */
      sort: z.enum(EDGE_TRACE_SORTS).optional(),
      ascending: z.boolean().optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      errorsOnly: z.boolean().optional(),
      /** Bounds on the duration of the trace's worst call on the edge, inclusive. */
      minDurationNs: z.number().int().min(0).optional(),
      maxDurationNs: z.number().int().min(0).optional(),
      ...timeWindow,
    }),
  ).returns<EdgeTracePage>(),
};
