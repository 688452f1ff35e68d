import { readFileSync } from 'node:fs';
import type { cacheCalls } from '../../../shared/contract/cache-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import { cacheCounts } from '../queries/app-info.js';
import { dismissFailedLoad, listLoads } from '../queries/loads.js';
import { searchLogs } from '../queries/logs.js';
import { listServices } from '../queries/services.js';
import { listTraces, searchTraces } from '../queries/trace-list.js';
import { getTrace } from '../queries/traces.js';
import { incidentMarks } from '../queries/incident-marks.js';

import type { HandlerContext } from './handler-context.js';
import { idParam } from './id-param.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The cache calls (shared/contract/cache-calls.ts). */
export function cacheHandlers(ctx: HandlerContext): Handlers<typeof cacheCalls> {
  const { db } = ctx;
  return {
    appInfo: () => ({ version: VERSION, mode: ctx.mode, databasePath: ctx.databasePath, ...cacheCounts(db) }),
    listServices: (input) => listServices(db, input),
    searchTraces: (input) => searchTraces(db, input),
    listTraces: (input) => listTraces(db, input),
    incidentMarks: (input) => incidentMarks(db, input),
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
    // Every span of the window: seconds on a big cache, so on the read thread; with what a running import or pull has
    // stored so far (one writes at a time).
    serviceGraph: (input) => ctx.reads.run('serviceGraph', { ...input, arrived: ctx.jobs.arrivedGraph() ?? ctx.pulls.arrivedGraph() }),
    listLoads: (input) => listLoads(db, input.limit),
    dismissLoad: (input) => {
      const outcome = dismissFailedLoad(db, input.id);
      if (outcome === 'missing') throw new ApiError('not-found', `no load ${input.id} in the ledger`);
      if (outcome === 'not-failed') throw new ApiError('invalid-input', `load ${input.id} did not fail: only failed loads can be dismissed`);
      return { dismissed: true };
    },
    importFiles: (input) => ctx.jobs.start(input.paths),
    importJob: (input) => {
      const job = ctx.jobs.get(input.id);
      if (job === null) throw new ApiError('not-found', `no import job ${input.id}`);
      return job;
    },
    cancelImport: (input) => {
      const job = ctx.jobs.cancel(input.id);
      if (job === null) throw new ApiError('not-found', `no import job ${input.id}`);
      return job;
    },
  };
}
