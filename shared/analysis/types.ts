import type { NsTime } from '../model.js';

/**
 * What the analysis answers (`analyze` call, `casefile analyze --json`): ranked suspects with evidence, the blast
 * radius of the top ones, and anti-pattern findings. The JSON shape is a public interface (README); add fields,
 * never rename them.
 */

export type SuspectKind = 'error-origin' | 'latency' | 'version-change' | 'traffic-change' | 'async';

export type DetectorName =
  | 'n-plus-one-db'
  | 'n-plus-one-api'
  | 'consecutive-db'
  | 'consecutive-http'
  | 'slow-db'
  | 'sleep'
  | 'retry-storm'
  | 'pool-exhaustion';

/** What the user asked about: everything (default), a service or operation, an edge, errors or latency. */
export type Symptom =
  | { kind: 'any' }
  | { kind: 'errors' }
  | { kind: 'latency' }
  | { kind: 'service'; service: string; operation?: string }
  | { kind: 'edge'; source: string; target: string };

export interface AnalysisWindow {
  startNs: NsTime;
  endNs: NsTime;
  baseline?: { startNs: NsTime; endNs: NsTime };
}

/** Latency distribution of a group of spans or traces. */
export interface Distribution {
  count: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

/** A trace that shows the suspect, with the spans to highlight in its waterfall. */
export interface ExampleTrace {
  traceId: string;
  spanIds: string[];
}

export interface SuspectEvidence {
  /** Traces of the symptom that are bad (failed or slow) and how many of them this suspect explains. */
  badTraces: number;
  explainedTraces: number;
  /** Contrast groups, e.g. { slow, fast } or { before, after } or per version value. */
  distributions?: Record<string, Distribution>;
  /** Attribute values that set the suspect's spans apart, strongest first. */
  attributes?: { key: string; value: string; inSuspect: number; elsewhere: number }[];
  /** Error messages / status codes of the suspect's own spans, most common first. */
  messages?: { text: string; count: number }[];
  /** Matching log lines (bodies), most telling first. */
  logs?: { timeNs: NsTime; body: string; traceId: string | null; spanId: string | null }[];
  examples: ExampleTrace[];
  /** Free-form figures particular to a suspect kind (e.g. rate before/after for a traffic change). */
  figures?: Record<string, number | string>;
}

export interface Suspect {
  rank: number;
  service: string;
  operation: string;
  kind: SuspectKind;
  /** 0–1: the share of the symptom's bad traces this suspect explains. */
  score: number;
  /** One line in plain words, e.g. "ads 2.0.0-canary: p95 553 ms vs 1.4.2: 277 ms, 48% of ads requests". */
  statement: string;
  evidence: SuspectEvidence;
}

export interface EntryImpact {
  service: string;
  operation: string;
  affected: number;
  total: number;
}

export interface BlastRadius {
  services: string[];
  entryOperations: EntryImpact[];
  /** Distinct users/customers affected, by the attribute key that names them, where the data has one. */
  users?: { key: string; distinct: number }[];
  routes?: { route: string; affected: number }[];
}

export interface Finding {
  detector: DetectorName;
  service: string;
  operation: string;
  /** In how many traces of the window the pattern occurs. */
  occurrences: number;
  traceIds: string[];
  spanIds: string[];
  /** Time the pattern costs (summed over occurrences), decimal ns. */
  costNs: NsTime;
  /** What was found, in plain words. */
  statement: string;
  /** The fix in one line. */
  fix: string;
  /** Groups repeats of the same finding (detector + service + operation + normalised statement). */
  fingerprint: string;
  /** The normalised statement, route or call target the finding is about, when it has one. */
  query?: string;
  /** Most calls one occurrence repeats (N+1 queries, retries), for labels such as "N+1: 38 × SELECT discounts". */
  repeats?: number;
}

export interface AnalysisResult {
  window: AnalysisWindow;
  symptom: Symptom;
  suspects: Suspect[];
  blastRadius: BlastRadius;
  findings: Finding[];
}
