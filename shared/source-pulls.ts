import { z } from 'zod';
import type { TraceSummary } from './api-types.js';
import type { LogRecord } from './model.js';
import type { SourceConfig } from './sources.js';

/**
 * What can be asked of a live source, and what comes back. A question's fields are the cache key of its answer
 * (see electron/core/sources/pull-key.ts), so a relative window (`lookbackMs`) stays relative: asking "the last
 * hour of checkout traces" again while offline finds the answer pulled before, marked with when it was fetched.
 */

const nsTime = z.string().regex(/^\d{1,19}$/, 'expected nanoseconds since the epoch as a decimal string');
const text = z.string().min(1).max(1024);
const WEEK_MS = 7 * 24 * 3600 * 1000;

const window = {
  startNs: nsTime.optional(),
  endNs: nsTime.optional(),
  /** "The last N ms" up to now; used when no start/end is given (default: one hour). */
  lookbackMs: z.number().int().min(1000).max(90 * 24 * 3600 * 1000).optional(),
};

function checkWindow(q: { startNs?: string; endNs?: string; lookbackMs?: number }, ctx: z.RefinementCtx): void {
  if (q.lookbackMs !== undefined && (q.startNs !== undefined || q.endNs !== undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give either lookbackMs or startNs/endNs, not both', path: ['lookbackMs'] });
  }
  if ((q.startNs === undefined) !== (q.endNs === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'startNs and endNs go together', path: [q.startNs === undefined ? 'startNs' : 'endNs'] });
  }
  if (q.startNs !== undefined && q.endNs !== undefined && BigInt(q.startNs) >= BigInt(q.endNs)) {
    ctx.addIssue({ code: 'custom', message: 'startNs must be before endNs', path: ['startNs'] });
  }
}

/** The window of a browse call (tags, label values): a lookback or a start/end, as in a question; none is the last hour. */
export const browseWindow = z.object(window).superRefine(checkWindow);
export type BrowseWindow = z.input<typeof browseWindow>;

export const traceQuery = z
  .object({
    service: text.optional(),
    operation: text.optional(),
    /** Span/resource attributes that must match exactly (Jaeger tags, Zipkin annotationQuery, Tempo tags). */
    tags: z.record(z.string().min(1).max(256), z.string().max(1024)).optional(),
    minDurationMs: z.number().min(0).max(WEEK_MS).optional(),
    maxDurationMs: z.number().min(0).max(WEEK_MS).optional(),
    /** A TraceQL query, for kinds that speak it (Tempo); others refuse it. */
    traceql: z.string().min(1).max(8192).optional(),
    limit: z.number().int().min(1).max(1000).default(20),
    ...window,
  })
  .superRefine((q, ctx) => {
    checkWindow(q, ctx);
    if (q.minDurationMs !== undefined && q.maxDurationMs !== undefined && q.minDurationMs > q.maxDurationMs) {
      ctx.addIssue({ code: 'custom', message: 'minDurationMs is above maxDurationMs', path: ['minDurationMs'] });
    }
  });
export type TraceQuery = z.output<typeof traceQuery>;
export type TraceQueryInput = z.input<typeof traceQuery>;

export const logQuery = z
  .object({
    /** The backend's own query language: LogQL for Loki, a query_string for Elasticsearch/OpenSearch. */
    query: z.string().min(1).max(8192).optional(),
    traceId: z.string().min(1).max(128).optional(),
    service: text.optional(),
    limit: z.number().int().min(1).max(50_000).default(1000),
    ...window,
  })
  .superRefine(checkWindow);
export type LogQuery = z.output<typeof logQuery>;
export type LogQueryInput = z.input<typeof logQuery>;

/** Service dependencies a backend computed (Jaeger /api/dependencies, Zipkin /api/v2/dependencies) over a window. */
export const dependencyQuery = z.object({ ...window }).superRefine(checkWindow);
export type DependencyQuery = z.output<typeof dependencyQuery>;
export type DependencyQueryInput = z.input<typeof dependencyQuery>;

/** One parent → child call edge as the backend counted it. */
export interface DependencyEdge {
  parent: string;
  child: string;
  callCount: number;
  /** Zipkin counts failed calls too; Jaeger does not (null). */
  errorCount: number | null;
}

/** The part of a request that failed, so the UI and the test result can say exactly what went wrong. */
export const SOURCE_ERROR_STAGES = [
  'config',
  'dns',
  'connect',
  'tls',
  'auth',
  'not-found',
  'timeout',
  'rate-limited',
  'server',
  'response',
  'too-large',
  'cancelled',
] as const;
export type SourceErrorStage = (typeof SOURCE_ERROR_STAGES)[number];

export interface SourceInfo {
  id: number;
  config: SourceConfig;
  /** Which secrets are stored ('token', 'password', 'header X-Api-Key'); never their values. */
  secretsStored: string[];
  /** Secrets the auth type needs that are not stored: requests would fail with 401. */
  secretsMissing: string[];
  /** E.g. TLS verification off: shown beside the source wherever it is listed. */
  warnings: string[];
  createdAt: number;
}

/** Test-connection steps, in order; a failed step stops the test and the later ones are not run. */
export type SourceTestStep = 'config' | 'dns' | 'connect' | 'tls' | 'auth' | 'api';

export interface SourceTestStage {
  stage: SourceTestStep;
  ok: boolean;
  /** What was checked and found ("127.0.0.1", "Jaeger query API v1: 7 services") or exactly what failed. */
  detail: string;
  ms: number;
}

export interface SourceTestResult {
  source: string;
  ok: boolean;
  stages: SourceTestStage[];
  warnings: string[];
}

export type PullWhat = 'traces' | 'trace' | 'logs' | 'dependencies' | 'aggregates';

export interface PullJob {
  id: string;
  what: PullWhat;
  /** The source the answer came from (for a trace asked of every source: the one that had it). */
  source: string | null;
  /** The question in canonical form: the ledger's target and the cache key. */
  target: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: 'queued' | 'fetching' | 'writing' | 'finished';
  requests: number;
  bytes: number;
  spansSeen: number;
  logsSeen: number;
  /** True when the answer came from the cache without asking the source. */
  cached: boolean;
  /** When the answer was fetched from the source (ms since the epoch). */
  fetchedAt: number | null;
  /** Traces the question found (summaries of what the cache now holds of them). */
  traces: TraceSummary[];
  /** Logs the question found (for log pulls), newest first. */
  logs: LogRecord[];
  error: string | null;
  errorStage: SourceErrorStage | null;
  /** The ledger entry of the pull that fetched this answer. */
  loadId: number | null;
  /** Sources asked, in order, for a trace asked of every source. */
  tried: { source: string; outcome: string }[];
  /**
   * Caveats about the answer, which was cached anyway, each naming its trace: "trace 4bf9…: Tempo returned only part
   * of this trace (…)". Kept in the ledger, so an answer from the cache carries them too.
   */
  warnings: string[];
  /** Dependency edges the question found (for dependencies pulls), busiest first. */
  dependencies: DependencyEdge[];
  /** The window a dependencies answer covers, fixed when it was fetched (a lookback resolved then); null otherwise. */
  window: { startNs: string; endNs: string } | null;
  /** What a fleet question found (aggregates pulls): its buckets, the requests they cover, how many series. */
  aggregates: { buckets: number; events: number; series: number } | null;
  /**
   * While the answer is written (phase 'writing'): the trace it has stored most spans of so far, uncommitted. The
   * trace calls answer from it meanwhile, so a big trace shows while it is written. Null otherwise.
   */
  arrivingTrace?: { traceId: string; spans: number } | null;
}
