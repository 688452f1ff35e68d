import type { LogRecord, NsTime, Span } from './model.js';

export interface ServiceSummary {
  name: string;
  spanCount: number;
  errorCount: number;
  traceCount: number;
  logCount: number;
  firstNs: NsTime | null;
  lastNs: NsTime | null;
}

export interface TraceSummary {
  traceId: string;
  rootService: string | null;
  rootName: string | null;
  startNs: NsTime;
  durationNs: NsTime;
  spanCount: number;
  errorCount: number;
}

/** How a traces list is ordered: newest first by default, or longest, biggest, most erroring first. */
export const TRACE_SORTS = ['start', 'duration', 'spans', 'errors'] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];

/** One page of a traces list and how many traces match the filters in all. */
export interface TraceListPage {
  traces: TraceSummary[];
  total: number;
  /** True when `total` is a lower bound: counting traces with an operation stops at TRACE_COUNT_CAP. */
  capped: boolean;
}

/** Traces with an operation are counted up to this many (each needs a look at the spans); more reads "10,000+". */
export const TRACE_COUNT_CAP = 10_000;

/** What a replay timeline marks on incident time: the first error, and service.version changes (deploys, canaries). */
export interface IncidentMarks {
  firstError: { timeNs: NsTime; service: string; name: string; traceId: string } | null;
  versionChanges: { service: string; version: string; firstNs: NsTime }[];
}

export interface TraceDetail {
  traceId: string;
  spans: Span[];
  /** Spans stop at this many; `truncated` says there were more. */
  truncated: boolean;
}

export interface LogPage {
  logs: LogRecord[];
  /** True when more matched than `limit`. */
  more: boolean;
}

export type GraphNodeType = 'service' | 'database' | 'messaging' | 'external';

export interface GraphNode {
  id: string;
  type: GraphNodeType;
  /** For typed leaves: the db.system / messaging.system value. */
  system: string | null;
  spanCount: number;
  errorCount: number;
  /**
   * 'dependencies' for a service only a backend's pulled dependencies name (no cached span has it); 'spans' otherwise.
   * Always set by serviceGraph; absent from graphs built before it was added, which means 'spans'.
   */
  origin?: 'spans' | 'dependencies';
  /** The service's own figures from the newest fleet answer (Prometheus span metrics) overlapping the window, when one has it. */
  aggregates?: GraphNodeAggregates;
}

export interface GraphNodeAggregates {
  source: string;
  /** Requests per second, the share that failed, and the median of its p95 buckets (ms; null without a histogram). */
  rate: number;
  errorRatio: number;
  p95Ms: number | null;
}

/** Where an edge is known from: cached spans, dependencies a backend computed (pullDependencies), or both. */
export type GraphEdgeOrigin = 'spans' | 'dependencies' | 'both';

/** One live source's count for an edge, from its latest dependencies pull overlapping the graph's window. */
export interface GraphEdgeDependency {
  source: string;
  callCount: number;
  /** Failed calls when the backend counts them (Zipkin); null when it does not (Jaeger). */
  errorCount: number | null;
  /** The window that pull covers (decimal ns). */
  startNs: NsTime;
  endNs: NsTime;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** 'sync' for request/response calls, 'async' for messaging and span links. */
  mode: 'sync' | 'async';
  callCount: number;
  errorCount: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
  /**
   * Always set by serviceGraph (absent means 'spans'). callCount, errorCount and the percentiles always count cached
   * spans only, so they are 0 on an edge only dependencies know; the backends' counts are in `dependencies`.
   */
  origin?: GraphEdgeOrigin;
  /** The backends' counts for this edge, one per source; empty when only spans know it. */
  dependencies?: GraphEdgeDependency[];
}

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /**
   * Set on a first paint (serviceGraph with firstPaint) whose window was rounded out to whole minutes: the window it
   * counted instead (decimal ns, inclusive). Absent when the answer is for the exact window asked.
   */
  counted?: { startNs: NsTime; endNs: NsTime };
  /**
   * Set while an import or a pull (`from`) is written: the spans it has stored so far (not yet committed), whose
   * services and calls this graph already counts (in whole minutes of the window). A call whose parent has not
   * arrived, and calls in traces the cache already had, are counted once it commits.
   */
  arriving?: { spans: number; from: 'import' | 'pull' };
}

export type LoadKind = 'import' | 'pull' | 'receive' | 'demo';

export interface LoadRecord {
  id: number;
  kind: LoadKind;
  target: string;
  format: string | null;
  startedAt: number;
  finishedAt: number | null;
  bytes: number;
  spansSeen: number;
  spansAdded: number;
  logsSeen: number;
  logsAdded: number;
  /** Service dependency edges a dependencies pull brought (0 for every other load). */
  dependencyEdges: number;
  /** Fleet series an aggregates pull brought (0 for every other load). */
  aggregateSeries: number;
  /**
   * 'interrupted': the process writing it ended (killed, crashed) before it finished; nothing of an interrupted import
   * was kept, and importing the file again completes it.
   */
  status: 'running' | 'done' | 'failed' | 'interrupted';
  error: string | null;
  /** When a later open of the cache found the load's process gone (ms since epoch); null otherwise. */
  interruptedAt: number | null;
}

export interface ImportJob {
  id: string;
  file: string;
  totalBytes: number | null;
  bytesRead: number;
  spans: number;
  logs: number;
  state: 'running' | 'done' | 'failed';
  error: string | null;
  load: LoadRecord | null;
  /** What the user must be told about a file that was imported (ids mapped, spans skipped or sharing an id). */
  warnings: string[];
  /** Once done: the trace the file brought most spans of (the one to open first), or null for logs only. */
  biggestTrace: { traceId: string; spans: number } | null;
  /**
   * While running: the trace it has stored most spans of so far (not yet committed). Its waterfall can be watched as
   * spans arrive: the trace calls answer from the import's own rows until it commits.
   */
  arrivingTrace?: { traceId: string; spans: number } | null;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  databasePath: string;
  spanCount: number;
  logCount: number;
  traceCount: number;
}
