import type { NsTime } from './model.js';

/** RED figures of one operation of a service (shared/contract/graph-calls.ts `serviceOperations`). */
export interface OperationStats {
  /** The span name. */
  name: string;
  count: number;
  errorCount: number;
  /** errorCount / count, 0–1. */
  errorRate: number;
  /** Calls per second over the window (the given one, else the first to last span of the service); null if it has no length. */
  ratePerSecond: number | null;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

export interface ServiceOperations {
  service: string;
  /** 'entry' when the figures come from the service's server and consumer spans; 'all' when it has none of those. */
  basis: 'entry' | 'all';
  operations: OperationStats[];
}

/** One trace that goes through an edge, represented by its worst edge span (erroring, else slowest). */
export interface EdgeTrace {
  traceId: string;
  /** The edge span: the callee's span (server/consumer), or the caller's client span for a database, queue or external. */
  spanId: string;
  spanName: string;
  spanService: string;
  /** The edge span's resource `service.version`, e.g. to tell a canary from the stable release. */
  spanVersion: string | null;
  durationNs: number;
  isError: boolean;
  /** How many of this trace's spans are on the edge (an N+1 query shows up here). */
  edgeSpanCount: number;
  rootService: string | null;
  rootName: string | null;
  traceStartNs: NsTime;
  traceDurationNs: NsTime;
}

export interface EdgeTracePage {
  traces: EdgeTrace[];
  /** All spans on the edge in the window, and the traces they belong to (more than `traces` when limited). */
  edgeSpanCount: number;
  traceCount: number;
  /** Traces left after the errors-only and duration filters: what the pages run through. */
  matchCount: number;
}

/** How an edge's traces are ordered: worst call first (errors, then slowest), newest, slowest call, most calls. */
export const EDGE_TRACE_SORTS = ['worst', 'start', 'duration', 'calls'] as const;
export type EdgeTraceSort = (typeof EDGE_TRACE_SORTS)[number];
