import { z } from 'zod';
import { call } from '../contract-kit.js';
import { fleetQuery, type FleetReport, type FleetSeries } from '../fleet/types.js';
import type { PullJob, TraceQueryInput } from '../source-pulls.js';
import { sourceName } from '../sources.js';
import { name } from './schemas.js';

const loadIds = z.array(z.number().int().positive()).min(1).max(16).optional();

/** One service's series of a fleet answer and the edges touching it, for its charts. */
export interface FleetServiceSeries {
  startNs: string;
  stepNs: string;
  buckets: number;
  series: FleetSeries[];
}

/** A question for exemplar traces of a fleet suspect, with what it is for. */
export interface ExemplarQuestion {
  label: 'slowest' | 'failing' | 'normal';
  query: TraceQueryInput;
}

/** Fleet triage (issue 14): aggregates asked of the backends, ranked here; only exemplar traces come to the cache. */
export const fleetCalls = {
  /** Rates, error rates and latency percentiles per service and edge from a Prometheus source holding span metrics. */
  pullAggregates: call(z.object({ source: sourceName, query: fleetQuery.prefault({}), refresh: z.boolean().default(false) })).returns<PullJob>(),

  /**
   * The ranking over cached fleet answers: the given aggregates pulls, or the newest one of each source. With
   * `confirm`, suspects are checked against the trace analysis of the cached traces in the same window.
   */
  fleetReport: call(z.object({ loadIds, confirm: z.boolean().default(true), series: z.boolean().default(false) })).returns<FleetReport | null>(),

  fleetSeries: call(z.object({ service: name, loadIds })).returns<FleetServiceSeries | null>(),

  /** The trace questions that fetch a suspect's exemplars from a trace source: its slowest and failing requests after the onset, and normal ones before it. */
  exemplarQuestions: call(
    z.object({ source: sourceName, service: name, edge: z.object({ caller: name, callee: name }).optional(), loadIds }),
  ).returns<ExemplarQuestion[]>(),
};
