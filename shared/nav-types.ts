import type { TraceSummary } from './api-types.js';
import type { NsTime } from './model.js';

/**
 * Results of the navigation calls (shared/contract/nav-calls.ts): what an omnibox entry can lead to, and the traces
 * behind an attribute value.
 */
export type NavCandidate =
  | ({ kind: 'trace'; match: 'exact' | 'prefix' } & TraceSummary)
  | { kind: 'span'; match: 'exact' | 'prefix'; traceId: string; spanId: string; service: string; name: string; startNs: NsTime }
  | { kind: 'service'; match: 'exact' | 'prefix'; service: string; traceCount: number }
  /** A span name of one service ("AdRanker", "SELECT discounts"): exact, or containing what was typed. */
  | { kind: 'operation'; match: 'exact' | 'contains'; service: string; name: string; spanCount: number; errorCount: number }
  | { kind: 'logs'; text: string; count: number; more: boolean };

export interface NavResolution {
  /** The text as resolved (trimmed), so a late answer to an older keystroke can be told apart. */
  text: string;
  /**
   * Best first: exact ids, an exact service, an exact operation name, id prefixes, service prefixes, operations
   * containing the text, and last the log text search.
   */
  candidates: NavCandidate[];
}

export interface AttributeTracePage {
  traces: TraceSummary[];
  /** True when more traces matched than `limit`. */
  more: boolean;
}

export interface AttributeGroup {
  /**
   * The service whose spans carry the value. Across all services each (service, value) is a group of its own:
   * version 1.4.2 of ads and 1.4.2 of cart are different releases.
   */
  service: string;
  /** The value as text: strings bare, numbers and booleans as JSON (as the attribute tables show them). */
  value: string;
  traceCount: number;
  /** Traces of this group with at least one error span. */
  errorTraceCount: number;
  /** Spans that carry the value (their own attribute, or their resource's). */
  spanCount: number;
  /** Whole-trace durations of the group's traces, nearest rank. */
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

/** Attribute keys seen on spans and resources in a window, most common first: suggestions for "group by". */
export interface AttributeKeyList {
  keys: { key: string; spans: number }[];
  /** Spans read to find them (the most recent in the window, at most a sample's worth). */
  sampled: number;
}

export interface AttributeGroupPage {
  key: string;
  service: string | null;
  /** Most traces first, at most `limit` groups. */
  groups: AttributeGroup[];
  /** All distinct values seen (more than groups.length when limited). */
  valueCount: number;
  /** Spans in the window (of the service, if given) that carry no value for the key. */
  spansWithoutValue: number;
}
