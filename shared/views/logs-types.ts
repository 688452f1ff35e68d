import type { LogRecord, NsTime } from '../model.js';
import type { HighlightRange } from './text-highlight.js';

/**
 * How a log was tied to what is being looked at:
 * - 'span': it carries the trace id and a span id (for a span: that span's id);
 * - 'trace': it carries the trace id but no span id;
 * - 'service-time': it carries no trace id; only its service and time place it in the span's or trace's interval.
 *   The UI marks these, because the link is circumstantial.
 */
export type LogCorrelation = 'span' | 'trace' | 'service-time';

export interface CorrelatedLog extends LogRecord {
  correlation: LogCorrelation;
  /** Where the text search matched in `body` ([start, end) UTF-16 offsets); empty without a text search. */
  highlights: HighlightRange[];
}

/** Keyset position: the last row of the previous page. */
export interface LogCursor {
  timeNs: NsTime;
  id: number;
}

/**
 * - 'time-asc': a span's or trace's logs, oldest first (a story in order).
 * - 'time-desc': a service's or every log, newest first.
 * - 'ingest-desc': a text search for a common word (thousands of matches) without a trace: most recently stored
 *   first. FTS5 streams matches by rowid, so the first page costs the page, not every match (sorting all matches
 *   by time took 1.8 s at 1M logs). Rare words are sorted by time ('time-desc').
 */
export type LogOrder = 'time-asc' | 'time-desc' | 'ingest-desc';

export interface CorrelatedLogPage {
  logs: CorrelatedLog[];
  order: LogOrder;
  /** Pass as `after` for the next page; null when this is the last. */
  next: LogCursor | null;
}

/** Severity bands by OpenTelemetry severity number: 0 unset, 1–4 trace, … 21–24 fatal. */
export const SEVERITY_BANDS = ['unset', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type SeverityBand = (typeof SEVERITY_BANDS)[number];

export function severityBandIndex(severityNumber: number): number {
  return severityNumber >= 1 && severityNumber <= 24 ? Math.floor((severityNumber - 1) / 4) + 1 : 0;
}

export interface LogHistogramBucket {
  startNs: NsTime;
  /** Log counts per band, in SEVERITY_BANDS order. */
  counts: number[];
}

export interface LogHistogram {
  bucketNs: number;
  /** The window the buckets cover (given, or the filtered logs' first and last). Null when nothing matched. */
  startNs: NsTime | null;
  endNs: NsTime | null;
  /** Every bucket of the window in time order, empty ones included. */
  buckets: LogHistogramBucket[];
  total: number;
  /**
   * True when a text search matched so many logs that only the most recently stored HISTOGRAM_TEXT_CAP were counted
   * (counting millions of matches would hold the cache for seconds).
   */
  truncated: boolean;
  /** The selected span's (or trace's) interval, for marking on the histogram. */
  subject: { startNs: NsTime; endNs: NsTime } | null;
}
