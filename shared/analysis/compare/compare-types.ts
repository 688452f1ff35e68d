import type { Distribution } from '../types.js';

/** Results of the comparisons (contract calls in shared/contract/compare-calls.ts, `casefile compare/diff/flows`). */

/** What is compared with the rest of the window's spans (BubbleUp's "selection"). */
export type Selection =
  | { kind: 'slow'; minDurationNs: number }
  | { kind: 'errors' }
  | { kind: 'range'; startNs: string; endNs: string }
  | { kind: 'value'; key: string; value: string };

export interface ValueShare {
  value: string;
  selection: number;
  baseline: number;
  /** Shares (0–1) of the selection's and the baseline's spans carrying the value. */
  selectionShare: number;
  baselineShare: number;
}

export interface AttributeDifference {
  key: string;
  /** The largest share difference of any of its values: what the keys are ranked by. */
  difference: number;
  /** The key had more distinct values than are counted; values past the cap are counted as "(other values)". */
  truncated: boolean;
  values: ValueShare[];
}

export interface BubbleUpResult {
  selectionSpans: number;
  baselineSpans: number;
  attributes: AttributeDifference[];
}

export interface ValueStats extends Distribution {
  value: string;
  /** The service the value belongs to, when a service-scoped key (service.version) is compared across services. */
  service?: string;
  share: number;
  errors: number;
  errorRate: number;
  /** Requests per second over the window. */
  rate: number;
}

export interface ValueComparison {
  key: string;
  service: string | null;
  values: ValueStats[];
  /** The change in words, e.g. "ads 2.0.0-canary: p95 553 ms vs 1.4.2: 277 ms, 48% of requests". */
  statement: string;
}

export interface DiffNode {
  /** service:operation from the root down, joined by " > ". */
  path: string;
  service: string;
  operation: string;
  depth: number;
  /** Mean spans at this path per trace of each side. */
  countA: number;
  countB: number;
  /** Mean time (ns) per trace spent in spans at this path on each side. */
  durationA: number;
  durationB: number;
  change: 'only-a' | 'only-b' | 'more-calls' | 'fewer-calls' | 'same';
}

export interface TraceDiffResult {
  tracesA: number;
  tracesB: number;
  durationA: number;
  durationB: number;
  /** Largest |durationB - durationA| first; structural changes rank with their whole time. */
  nodes: DiffNode[];
}

export interface CriticalShare {
  service: string;
  operation: string;
  /** Critical-path time per trace at the median and the 95th percentile over the flow's traces (ns). */
  p50Ns: number;
  p95Ns: number;
  /** Share of the flow's summed end-to-end time this node holds on the critical path. */
  share: number;
}

export interface Flow extends Distribution {
  service: string;
  operation: string;
  rate: number;
  errors: number;
  errorRate: number;
  criticalPath: CriticalShare[];
}

export interface FlowsResult {
  windowNs: number;
  flows: Flow[];
}
