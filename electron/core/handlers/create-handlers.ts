import type { ViewHandlers } from '../casefile/view-handlers.js';
import { analysisHandlers } from './analysis-handlers.js';
import { cacheHandlers } from './cache-handlers.js';
import { compareHandlers } from './compare-handlers.js';
import { fleetHandlers } from './fleet-handlers.js';
import { graphHandlers } from './graph-handlers.js';
import type { HandlerContext } from './handler-context.js';
import { logsHandlers } from './logs-handlers.js';
import { navHandlers } from './nav-handlers.js';
import { traceHandlers } from './trace-handlers.js';
import { receiverHandlers } from './receiver-handlers.js';
import { sourceHandlers } from './source-handlers.js';
import { sloHandlers } from './slo-handlers.js';

/** The implementation of every call over the evidence (all but the casefile's own): one area of handlers per area of calls. */
export function createHandlers(ctx: HandlerContext): ViewHandlers {
  const analysis = analysisHandlers(ctx);
  return {
    ...analysis,
    ...fleetHandlers(ctx, analysis.analyze),
    ...cacheHandlers(ctx),
    ...compareHandlers(ctx),
    ...graphHandlers(ctx),
    ...logsHandlers(ctx),
    ...navHandlers(ctx),
    ...traceHandlers(ctx),
    ...receiverHandlers(ctx),
    ...sourceHandlers(ctx),
    ...sloHandlers(ctx),
  };
}
