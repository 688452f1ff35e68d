import { fnv1a32 } from '../../fnv1a.js';
import type { NsTime } from '../../model.js';
import type { DetectorName, Finding } from '../types.js';

/** One sighting of a pattern in one trace. */
export interface Occurrence {
  traceId: string;
  service: string;
  operation: string;
  spanIds: readonly string[];
  costNs: number;
  /** The normalised statement, route or target the pattern is about ('' when none). */
  query: string;
  /** Calls repeated in this sighting (N+1, retries), when that is what it counts. */
  repeats?: number;
}

/** A pattern's sightings grouped by fingerprint, as the statement and fix are written from. */
export interface FindingGroup {
  service: string;
  operation: string;
  query: string;
  traceIds: Set<string>;
  spanIds: string[];
  sightings: number;
  costNs: number;
  maxRepeats: number;
  maxCostNs: number;
}

/** A finding lists at most this many traces and spans; `occurrences` and the cost still count all of them. */
export const MAX_TRACE_IDS = 50;
export const MAX_SPAN_IDS = 500;

/** A short stable id for "the same finding" across runs and windows (FNV-1a, 32 bits, hex). */
export function fingerprintOf(detector: DetectorName, service: string, operation: string, query: string): string {
  return `${detector}-${fnv1a32(`${service}\u0000${operation}\u0000${query}`).toString(16).padStart(8, '0')}`;
}

/** Groups a detector's occurrences so repeats of one pattern become one finding. */
export class FindingGroups {
  private readonly groups = new Map<string, FindingGroup>();

  constructor(
    private readonly detector: DetectorName,
    private readonly describe: (group: FindingGroup) => { statement: string; fix: string },
  ) {}

  add(o: Occurrence): void {
    const key = fingerprintOf(this.detector, o.service, o.operation, o.query);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { service: o.service, operation: o.operation, query: o.query, traceIds: new Set(), spanIds: [], sightings: 0, costNs: 0, maxRepeats: 0, maxCostNs: 0 };
      this.groups.set(key, group);
    }
    if (o.traceId !== '') group.traceIds.add(o.traceId);
    for (const id of o.spanIds) if (group.spanIds.length < MAX_SPAN_IDS) group.spanIds.push(id);
    group.sightings++;
    group.costNs += o.costNs;
    group.maxRepeats = Math.max(group.maxRepeats, o.repeats ?? 0);
    group.maxCostNs = Math.max(group.maxCostNs, o.costNs);
  }

  /** Findings of groups seen in at least `minTraces` traces, costliest first. */
  findings(minTraces = 1): Finding[] {
    const out: Finding[] = [];
    for (const [fingerprint, g] of this.groups) {
      if (minTraces > 1 && g.traceIds.size < minTraces) continue;
      const { statement, fix } = this.describe(g);
      out.push({
        detector: this.detector,
        service: g.service,
        operation: g.operation,
        occurrences: g.traceIds.size,
        traceIds: [...g.traceIds].slice(0, MAX_TRACE_IDS),
        spanIds: g.spanIds,
        costNs: String(Math.round(g.costNs)) as NsTime,
        statement,
        fix,
        fingerprint,
        ...(g.query === '' ? {} : { query: g.query }),
        ...(g.maxRepeats > 0 ? { repeats: g.maxRepeats } : {}),
      });
    }
    return out.sort((a, b) => Number(b.costNs) - Number(a.costNs));
  }
}

/** Milliseconds for a sentence: "38 ms", "1.2 s". */
export function msText(ns: number): string {
  const ms = ns / 1e6;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms`;
}

/** "in 1 trace" / "in 120 traces". */
export function tracesText(n: number): string {
  return `in ${n} trace${n === 1 ? '' : 's'}`;
}
