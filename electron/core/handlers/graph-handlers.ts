import type { graphCalls } from '../../../shared/contract/graph-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import { edgeTraces } from '../queries/edge-traces.js';
import { serviceOperations } from '../queries/service-operations.js';

import type { HandlerContext } from './handler-context.js';

/** The graph view's calls (shared/contract/graph-calls.ts). */
export function graphHandlers(ctx: HandlerContext): Handlers<typeof graphCalls> {
  const { db } = ctx;
  return {
    serviceOperations: (input) => serviceOperations(db, input.service, input),
    edgeTraces: (input) => edgeTraces(db, input),
  };
}
