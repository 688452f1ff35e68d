import { z } from 'zod';
import type { EdgeTracePage, ServiceOperations } from '../graph-types.js';
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
      ...timeWindow,
    }),
  ).returns<EdgeTracePage>(),
};
