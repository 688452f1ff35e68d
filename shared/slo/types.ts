import { z } from 'zod';
import type { NsTime } from '../model.js';

/**
 * A service-level objective on a flow: the requests a service (or one of its operations) serves, judged good or bad.
 * Latency: "99% of requests under 300 ms". Availability: "99.9% succeed", with what counts as a failure stated.
 */
export const sloName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore, at most 64');

export const badEvent = z.union([
  z.literal('error'),
  z.literal('http-5xx'),
  z.object({ key: z.string().min(1).max(256), op: z.enum(['=', '!=']), value: z.string().max(1024) }),
]);

export const sloDefinition = z.object({
  name: sloName,
  service: z.string().min(1).max(1024),
  operation: z.string().min(1).max(1024).optional(),
  objective: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('latency'), thresholdMs: z.number().positive().max(86_400_000), target: z.number().gt(0).lt(1) }),
    z.object({ kind: z.literal('availability'), target: z.number().gt(0).lt(1), bad: badEvent.default('error') }),
  ]),
  periodDays: z.number().int().min(1).max(90).default(28),
});

export type SloDefinition = z.output<typeof sloDefinition>;
export type BadEvent = z.output<typeof badEvent>;

/** Good and bad events of one minute; weights count sampled spans as the requests they stand for. */
export interface SloMinute {
  minute: number;
  total: number;
  bad: number;
}

/** A multi-window, multi-burn-rate alert of the SRE workbook: both windows above `factor` at once. */
export interface BurnAlert {
  name: 'page' | 'ticket';
  longMinutes: number;
  shortMinutes: number;
  factor: number;
  /** Minute starts (decimal ns) at which the alert began to hold; empty when it never did. */
  firedAtNs: NsTime[];
  /** Whether it holds at the window's end. */
  firing: boolean;
}

export interface SloStatus {
  slo: SloDefinition;
  /** The window asked about, and the compliance period ending with it. */
  window: { startNs: NsTime; endNs: NsTime };
  period: { startNs: NsTime; endNs: NsTime };
  /** Events in the window (weighted); null compliance when there were none. */
  events: number;
  badEvents: number;
  compliance: number | null;
  /** Over the period: 1 = untouched, 0 = spent, below 0 = overspent; null without events. */
  budgetRemaining: number | null;
  periodEvents: number;
  periodBadEvents: number;
  /** Burn rate over the last hour of the window (bad share / allowed bad share). */
  burnRate1h: number | null;
  alerts: BurnAlert[];
  /** True when some events were weighted by a sampling ratio: the figures are estimates. */
  estimated: boolean;
  /** Minutes with no events at all in the window: gaps, never counted as good. */
  gapMinutes: number;
  /** Per minute in the window: events, bad events, the 1 h and 6 h burn rates, and the budget left (null in gaps). */
  series: { startNs: NsTime; events: number; bad: number; burn1h: number | null; burn6h: number | null; budgetRemaining: number | null }[];
}

export interface CanaryGroup {
  value: string;
  requests: number;
  /** Share of the service's requests in the window. */
  share: number;
  errorRate: number;
  p50Ns: string;
  p95Ns: string;
  p99Ns: string;
  /** Against the baseline (null for the baseline itself): the smaller of the latency and error p-values. */
  pValue: number | null;
  latencyPValue: number | null;
  errorPValue: number | null;
  firstNs: NsTime;
}

export interface CanaryReport {
  service: string;
  split: string;
  baseline: string;
  groups: CanaryGroup[];
  verdict: 'rollback' | 'promote' | 'inconclusive';
  statement: string;
  /** SLOs of the service evaluated per group value: compliance of each. */
  slos: { name: string; target: number; compliance: Record<string, number | null> }[];
  /** The worst candidate's slowest requests, for the waterfall. */
  worstTraceIds: string[];
  /** A typical baseline request (near its median), to diff the worst candidate's traces against. */
  baselineTraceId: string | null;
  /** The value the verdict is about: the worse one to roll back, or the one short of requests; null for promote. */
  candidate: string | null;
}

/** A busy flow with its current figures, and objectives it meets today, offered as a starting point. */
export interface SloSuggestion {
  service: string;
  operation: string;
  requests: number;
  successRate: number;
  p99Ns: number;
  latency: SloDefinition;
  availability: SloDefinition;
}
