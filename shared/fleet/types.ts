import { z } from 'zod';

/**
 * Fleet aggregates: what a backend that sees every span (span metrics in Prometheus, Tempo, span indices) answers
 * about the whole fleet, per service and per edge, over equal time buckets. Only these series come to the cache,
 * never the spans.
 */

/**
 * rate: requests per second; errors: failed requests per second; p50/p95/p99: latency in ms; logs and errorLogs:
 * log lines and error lines per second (Loki).
 */
export const FLEET_METRICS = ['rate', 'errors', 'p50', 'p95', 'p99', 'logs', 'errorLogs'] as const;
export type FleetMetric = (typeof FLEET_METRICS)[number];

export interface FleetSeries {
  scope: 'service' | 'edge';
  /** The service, or an edge's caller. */
  service: string;
  /** An edge's callee; '' for a service. */
  peer: string;
  metric: FleetMetric;
  /** One value per bucket; null where the backend had none. */
  values: (number | null)[];
}

/** One backend's answer over the window, as cached. */
export interface FleetAggregates {
  source: string;
  startNs: string;
  stepNs: string;
  buckets: number;
  /** Requests the answer covers (the service rates summed over the window). */
  events: number;
  series: FleetSeries[];
}

export const fleetQuery = z
  .object({
    startNs: z.string().regex(/^\d{1,20}$/).optional(),
    endNs: z.string().regex(/^\d{1,20}$/).optional(),
    lookbackMs: z.number().int().min(60_000).max(30 * 86_400_000).optional(),
    /** How many equal buckets the window is cut into. */
    buckets: z.number().int().min(8).max(720).default(60),
  })
  .superRefine((q, ctx) => {
    if ((q.startNs === undefined) !== (q.endNs === undefined)) ctx.addIssue({ code: 'custom', message: 'give both startNs and endNs, or neither', path: ['startNs'] });
    if (q.startNs !== undefined && q.endNs !== undefined && BigInt(q.startNs) >= BigInt(q.endNs)) ctx.addIssue({ code: 'custom', message: 'startNs is not before endNs', path: ['startNs'] });
  });
export type FleetQuery = z.output<typeof fleetQuery>;
export type FleetQueryInput = z.input<typeof fleetQuery>;

/** What changed in a service's own series: its latency (p95), its error ratio, or its request rate. */
export type FleetChangeKind = 'latency' | 'errors' | 'traffic' | 'error-logs';

export interface FleetChange {
  service: string;
  kind: FleetChangeKind;
  /** Medians before and after the change: p95 in ms, error ratio 0–1, requests per second, or error lines per second. */
  before: number;
  after: number;
  atNs: string;
  /** The shift in units of the series' spread before it. */
  z: number;
  /** The service whose own change explains this one (a callee that slowed or failed, a caller that sent more); null for an origin. */
  explainedBy: string | null;
}

export interface FleetSuspect {
  rank: number;
  service: string;
  kind: FleetChangeKind;
  score: number;
  before: number;
  after: number;
  onsetNs: string;
  /** One line in plain words: "ads: p95 120 ms → 640 ms from 12:04; 14 callers slowed with it". */
  statement: string;
  /** Services whose change this one explains, nearest first. */
  symptoms: string[];
  /** Its direct callers, from the service graph metrics. */
  callers: string[];
  /** What the suspect rests on: the backend's aggregates, traces pulled into the cache, or both. */
  basis: 'aggregates' | 'traces' | 'both';
}

export interface FleetServiceRow {
  service: string;
  /** Over the window: requests per second, error ratio, median of the p95 buckets (ms). */
  rate: number;
  errorRatio: number;
  p95Ms: number | null;
  changed: FleetChangeKind[];
}

export interface FleetEdgeRow {
  caller: string;
  callee: string;
  rate: number;
  errorRatio: number;
  p95Ms: number | null;
}

/** `casefile fleet --json` and the fleet view: the public shape (add fields, never rename). */
export interface FleetReport {
  sources: { name: string; events: number; fetchedAt: number | null }[];
  startNs: string;
  endNs: string;
  stepNs: string;
  buckets: number;
  /** Onset of the top suspect's change; null when nothing changed. */
  onsetNs: string | null;
  suspects: FleetSuspect[];
  changes: FleetChange[];
  services: FleetServiceRow[];
  edges: FleetEdgeRow[];
  /**
   * Caller → callee pairs the ranking knew, from the answers' edges and the cache's traces and dependencies. With
   * none, a caller that changed with its callee cannot be told from it: both may be ranked.
   */
  calls: number;
  /** Every series of the answers, when asked for (`casefile fleet --series`): one value per bucket, at its end. */
  series?: FleetSeries[];
}
