import type { NsTime } from './model.js';

/**
 * Everything worth linking, going back to, or replaying later lives here, as plain serialisable data: the current
 * view, the time range every view shares, and how times are shown. The renderer keeps it in the URL hash (so
 * back/forward work across pivots) and a later casefile journal records each change to replay it step by step.
 * Server data never goes here (that is react-query's); neither does transient UI state such as hover.
 */
export type TimeRange =
  /** Everything in the cache: the default, because cached incidents are usually not "the last 15 minutes". */
  | { kind: 'all' }
  /** Relative to now, e.g. the last 15 minutes. */
  | { kind: 'relative'; lastMs: number }
  | { kind: 'absolute'; startNs: NsTime; endNs: NsTime };

export interface EdgeRef {
  source: string;
  target: string;
}

export interface TracePair {
  a: string;
  b: string;
}

export interface AttributeRef {
  key: string;
  value: string;
}

/** Orders a traces list can take: a trace list's, and an edge list's (worst call first, most calls). */
export const TRACE_LIST_SORTS = ['start', 'duration', 'spans', 'errors', 'worst', 'calls'] as const;
export type TraceListSort = (typeof TRACE_LIST_SORTS)[number];

export type ViewState =
  | { view: 'graph'; service?: string; edge?: EdgeRef }
  | {
      view: 'traces';
      service?: string;
      operation?: string;
      edge?: EdgeRef;
      attribute?: AttributeRef;
      errorsOnly?: boolean;
      /** An attribute key: the traces grouped by its values (trace count, errors, latency) instead of listed. */
      groupBy?: string;
      /** The list's order (newest first, or worst call first on an edge, when absent) and its direction. */
      sort?: TraceListSort;
      ascending?: boolean;
      /** Duration bounds in milliseconds, inclusive: of the trace, or of its worst call on an edge. */
      minDurationMs?: number;
      maxDurationMs?: number;
      /** Two traces to diff below the list (a canary's slowest against a typical baseline request). */
      diff?: TracePair;
    }
  | { view: 'trace'; traceId: string; spanId?: string }
  | { view: 'logs'; service?: string; traceId?: string; spanId?: string; text?: string; minSeverity?: number; attribute?: AttributeRef }
  | { view: 'charts'; service: string; operation?: string }
  | { view: 'sources'; source?: string }
  /** Service-level objectives: their status, and the selected one over time. */
  | { view: 'slos'; slo?: string };

export interface WorkbenchState {
  view: ViewState;
  time: TimeRange;
  timeZone: 'utc' | 'local';
}

export const DEFAULT_STATE: WorkbenchState = { view: { view: 'graph' }, time: { kind: 'all' }, timeZone: 'utc' };
