import type { Api } from '../../../shared/contract.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import { analysisHandlers } from './analysis-handlers.js';
import { cacheHandlers } from './cache-handlers.js';
import { graphHandlers } from './graph-handlers.js';
import type { HandlerContext } from './handler-context.js';
import { logsHandlers } from './logs-handlers.js';
import { navHandlers } from './nav-handlers.js';
import { traceHandlers } from './trace-handlers.js';
import { receiverHandlers } from './receiver-handlers.js';
import { sourceHandlers } from './source-handlers.js';

/** The implementation of every call in the contract: one area of handlers per area of calls. */
export function createHandlers(ctx: HandlerContext): Handlers<Api> {
  return {
    ...analysisHandlers(ctx),
    ...cacheHandlers(ctx),
    ...graphHandlers(ctx),
    ...logsHandlers(ctx),
    ...navHandlers(ctx),
    ...traceHandlers(ctx),
    ...receiverHandlers(ctx),
    ...sourceHandlers(ctx),
  };
}
