import { readFileSync } from 'node:fs';
import type { cacheCalls } from '../../../shared/contract/cache-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import { cacheCounts } from '../queries/app-info.js';
import { listLoads } from '../queries/loads.js';
import { searchLogs } from '../queries/logs.js';
import { serviceGraph } from '../queries/service-graph.js';
import { listServices } from '../queries/services.js';
import { getTrace, searchTraces } from '../queries/traces.js';
import { canonicalId, IdError } from '../../../shared/ids.js';

import type { HandlerContext } from './handler-context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Ids typed by a person may be in any accepted form (short hex, uppercase, base64); queries use the canonical one. */
function idParam(raw: string, kind: 'trace' | 'span'): string {
  try {
    const id = canonicalId(raw, kind);
    if (id === null) throw new ApiError('invalid-input', `${kind} id "${raw}" is empty or all zeros`);
    return id;
  } catch (error) {
    if (error instanceof IdError) throw new ApiError('invalid-input', error.message);
    throw error;
  }
}

/** The cache calls (shared/contract/cache-calls.ts). */
export function cacheHandlers(ctx: HandlerContext): Handlers<typeof cacheCalls> {
  const { db } = ctx;
  return {
    appInfo: () => ({ version: VERSION, mode: ctx.mode, databasePath: ctx.databasePath, ...cacheCounts(db) }),
    listServices: (input) => listServices(db, input),
    searchTraces: (input) => searchTraces(db, input),
    getTrace: (input) => {
      const detail = getTrace(db, idParam(input.traceId, 'trace'), input.maxSpans);
      if (detail.spans.length === 0) throw new ApiError('not-found', `trace ${input.traceId} is not in the cache`);
      return detail;
    },
    searchLogs: (input) =>
      searchLogs(db, {
        ...input,
        traceId: input.traceId === undefined ? undefined : idParam(input.traceId, 'trace'),
        spanId: input.spanId === undefined ? undefined : idParam(input.spanId, 'span'),
      }),
    serviceGraph: (input) => serviceGraph(db, input),
    listLoads: (input) => listLoads(db, input.limit),
    importFiles: (input) => ctx.jobs.start(input.paths),
    importJob: (input) => {
      const job = ctx.jobs.get(input.id);
      if (job === null) throw new ApiError('not-found', `no import job ${input.id}`);
      return job;
    },
  };
}
