import type { navCalls } from '../../../shared/contract/nav-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import { attributeKeys } from '../queries/attribute-keys.js';
import { logsByAttribute } from '../queries/attribute-logs.js';
import { groupTracesByAttribute, tracesByAttribute } from '../queries/attribute-traces.js';
import { resolveQuery } from '../queries/nav-resolve.js';

import type { HandlerContext } from './handler-context.js';

/** The navigation calls (shared/contract/nav-calls.ts). */
export function navHandlers(ctx: HandlerContext): Handlers<typeof navCalls> {
  const { db } = ctx;
  return {
    resolveQuery: (input) => resolveQuery(db, input.text, input.limit),
    tracesByAttribute: (input) => tracesByAttribute(db, input),
    logsByAttribute: (input) => logsByAttribute(db, input),
    attributeKeys: (input) => attributeKeys(db, input),
    groupTracesByAttribute: (input) => groupTracesByAttribute(db, input),
  };
}
