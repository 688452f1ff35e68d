import { z } from 'zod';
import type {
  AppInfo,
  ImportJob,
  IncidentMarks,
  LoadRecord,
  LogPage,
  ServiceGraph,
  ServiceSummary,
  TraceDetail,
  TraceListPage,
  TraceSummary,
} from '../api-types.js';
import { TRACE_SORTS } from '../api-types.js';
import { call } from '../contract-kit.js';

import { id, limit, name, timeWindow } from './schemas.js';

/** Which traces a list holds. */
const traceFilter = {
  service: name.optional(),
  /** Only traces with a span of this name (of `service`, when given). */
  operation: name.optional(),
  errorsOnly: z.boolean().default(false),
  /** Whole-trace duration bounds, inclusive. */
  minDurationNs: z.number().int().min(0).optional(),
  maxDurationNs: z.number().int().min(0).optional(),
  ...timeWindow,
};

/** How the list is ordered and which page of it is asked for. */
const traceOrder = {
  /** Newest first when omitted. */
  sort: z.enum(TRACE_SORTS).optional(),
  ascending: z.boolean().optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
};

/** Calls over the local cache: what was imported or pulled, browsed. */
export const cacheCalls = {
  appInfo: call(z.object({})).returns<AppInfo>(),

  listServices: call(z.object(timeWindow)).returns<ServiceSummary[]>(),

  searchTraces: call(z.object({ ...traceFilter, ...traceOrder, limit: limit(50, 10_000) })).returns<TraceSummary[]>(),

  /** One page of the traces list with the number of traces matching in all ("200 of 329"). */
  listTraces: call(z.object({ ...traceFilter, ...traceOrder, limit: limit(200, 1000) })).returns<TraceListPage>(),

  /** The first error and the service.version changes in the window, for the replay timeline. */
  incidentMarks: call(z.object(timeWindow)).returns<IncidentMarks>(),

  getTrace: call(z.object({ traceId: id, maxSpans: limit(50_000, 1_000_000) })).returns<TraceDetail>(),

  searchLogs: call(
    z.object({
      traceId: id.optional(),
      spanId: id.optional(),
      service: name.optional(),
      text: z.string().min(1).max(1000).optional(),
      minSeverity: z.number().int().min(0).max(24).optional(),
      limit: limit(200, 10_000),
      ...timeWindow,
    }),
  ).returns<LogPage>(),

  /**
   * With firstPaint, answered from whole minutes only: a window with ragged edges is rounded out to the minutes around
   * it (milliseconds at any cache size), and `counted` says which; ask again without it for the exact window.
   */
  serviceGraph: call(z.object({ ...timeWindow, firstPaint: z.boolean().optional() })).returns<ServiceGraph>(),

  listLoads: call(z.object({ limit: limit(100, 10_000) })).returns<LoadRecord[]>(),

  /** Removes a failed load from the ledger (it brought nothing: a failed load commits nothing). Refuses any other. */
  dismissLoad: call(z.object({ id: z.number().int().min(1) })).returns<{ dismissed: true }>(),

  /** Starts importing files that are on this machine (Electron and the CLI give real paths). */
  importFiles: call(z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) })).returns<ImportJob[]>(),

  importJob: call(z.object({ id: z.string().min(1).max(64) })).returns<ImportJob>(),

  /** Stops a running or queued import: nothing of its file is kept (the job fails with "import cancelled"). */
  cancelImport: call(z.object({ id: z.string().min(1).max(64) })).returns<ImportJob>(),
};
