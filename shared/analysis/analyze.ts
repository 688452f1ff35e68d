import type { LogRecord, Span } from '../model.js';
import { blastRadius } from './blast-radius.js';
import { blameSegment, type Candidate } from './candidates.js';
import { collectFindings } from './collect-findings.js';
import { errorSegment, latencySegment, type Segment, type Unit } from './segments.js';
import { indexSpans, msOf, shapeOf, subtree, type SpanSet } from './span-set.js';
import { TraceView } from './detectors/trace-view.js';
import { rankCandidates, type Ranked } from './suspects.js';
import type { AnalysisResult, AnalysisWindow, Suspect, Symptom } from './types.js';
import { unitsFor } from './units.js';

/**
 * Root-cause ranking over a window's span and log rows (and a baseline window's, when given): measure the symptom
 * per entry operation, find where it changed, blame each bad request on the operations that caused it, subtract
 * what the reference already showed, and rank. Errors are ranked before latency is, so `onPartial` can show the
 * first suspects while the slower latency pass runs.
 */
export interface AnalysisInput {
  /** Spans of the window, and of the baseline window when there is one. */
  spans: readonly Span[];
  logs?: readonly LogRecord[];
  window: AnalysisWindow;
  symptom?: Symptom;
}

export interface AnalysisOptions {
  onPartial?: (partial: AnalysisResult) => void;
  maxSuspects?: number;
  /** Suspects whose blamed spans make up the blast radius. */
  blastTop?: number;
}

const MIN_UNITS = 20;
/**
 * Above twice this many spans, a first ranking of a sample of whole traces of about this size comes before the
 * rest (issue 9: first suspects on screen within a second of a million spans). It skips the detectors; the
 * ranking of every span follows and replaces it.
 */
const PREVIEW_SPANS = 100_000;

export function analyze(input: AnalysisInput, options: AnalysisOptions = {}): AnalysisResult {
  if (options.onPartial !== undefined && input.spans.length > 2 * PREVIEW_SPANS) {
    const sample = sampleTraces(input.spans, PREVIEW_SPANS / input.spans.length);
    options.onPartial(rank({ ...input, spans: sample }, { ...options, onPartial: undefined }, false));
  }
  return rank(input, options, true);
}

/** The spans of about `share` of the traces, chosen by a hash of the trace id (the same traces every run). */
function sampleTraces(spans: readonly Span[], share: number): Span[] {
  const below = share * 2 ** 32;
  let lastId: string | null = null;
  let keep = false;
  const out: Span[] = [];
  for (const span of spans) {
    if (span.traceId !== lastId) {
      lastId = span.traceId;
      keep = fnv1a(lastId) < below;
    }
    if (keep) out.push(span);
  }
  return out;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The ranking of `input`'s spans; with the detectors' findings when `withFindings`. */
function rank(input: AnalysisInput, options: AnalysisOptions, withFindings: boolean): AnalysisResult {
  const symptom = input.symptom ?? { kind: 'any' };
  const set = indexSpans(input.spans);
  const windowStartMs = msOf(input.window.startNs) - set.baseNs / 1e6;
  const groups = new Map<string, Unit[]>();
  for (const u of unitsFor(set, symptom, input.window.baseline ? windowStartMs : -Infinity)) {
    const g = groups.get(u.key);
    if (g) g.push(u);
    else groups.set(u.key, [u]);
  }
  const membersCache = new Map<number, readonly number[]>();
  const membersOf = (u: Unit) => {
    let m = membersCache.get(u.top);
    if (!m) membersCache.set(u.top, (m = subtree(set, u.top)));
    return m;
  };
  const serverSpans = serverIndex(set);
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < set.spans.length; i++) {
    from = Math.min(from, set.start[i]!);
    to = Math.max(to, set.end[i]!);
  }

  const candidates = new Map<string, Candidate>();
  const segments: Segment[] = [];
  const finish = (final: boolean): AnalysisResult => {
    const bad = new Set<number>();
    for (const s of segments) for (const u of s.incident) if (s.isBad(u)) bad.add(u.top);
    const ranked = rankCandidates({ set, logs: input.logs ?? [], totalBad: bad.size, serverSpans, from, to }, candidates.values());
    return result(set, input, symptom, ranked, windowStartMs, options, final && withFindings);
  };

  const dimensions = symptom.kind === 'errors' ? ['errors'] : symptom.kind === 'latency' ? ['latency'] : ['errors', 'latency'];
  let tested = 0;
  for (const units of groups.values()) if (units.length >= MIN_UNITS) tested += dimensions.length;
  for (const dimension of dimensions) {
    for (const [key, units] of groups) {
      if (units.length < MIN_UNITS) continue;
      const segment = dimension === 'errors' ? errorSegment(key, units, tested) : latencySegment(key, units, tested);
      if (!segment) continue;
      segments.push(segment);
      blameSegment(set, segment, membersOf, candidates);
    }
    if (dimension === 'errors' && dimensions.length > 1) options.onPartial?.(finish(false));
  }
  return finish(true);
}

function result(set: SpanSet, input: AnalysisInput, symptom: Symptom, ranked: Ranked[], windowStartMs: number, options: AnalysisOptions, withFindings: boolean): AnalysisResult {
  const top = ranked.slice(0, options.maxSuspects ?? 10);
  const suspects: Suspect[] = top.map((r, k) => ({
    rank: k + 1,
    service: r.service,
    operation: r.operation,
    kind: r.kind,
    score: Math.round(r.score * 1000) / 1000,
    statement: r.statement,
    evidence: r.evidence,
  }));
  const blamed = top.slice(0, options.blastTop ?? 3).flatMap((r) => r.blamed);
  return {
    window: input.window,
    symptom,
    suspects,
    blastRadius: blastRadius(set, blamed, Number.isFinite(windowStartMs) ? windowStartMs : -Infinity),
    // Partial results skip the detectors: they come with the full result.
    findings: withFindings ? collectFindings(viewsOf(set), input.logs ?? []) : [],
  };
}

/** Spans where requests enter each service (server and consumer spans; every span of a service that has none). */
function serverIndex(set: SpanSet): (service: string) => number[] {
  const servers = new Map<string, number[]>();
  const all = new Map<string, number[]>();
  set.spans.forEach((s, i) => {
    const bucket = s.kind === 'server' || s.kind === 'consumer' ? servers : all;
    const list = bucket.get(s.service);
    if (list) list.push(i);
    else bucket.set(s.service, [i]);
  });
  return (service) => servers.get(service) ?? all.get(service) ?? [];
}

/** Each trace as the detectors see it, on the tree the ranking already built (one trace at a time). */
function* viewsOf(set: SpanSet): Generator<TraceView> {
  for (let t = 0; t < set.traces.length; t++) {
    yield new TraceView(Array.from(set.traces[t]!.spans, (i) => set.spans[i]!), shapeOf(set, t));
  }
}
