import type { LogRecord, Span } from '../model.js';
import { blastRadius } from './blast-radius.js';
import { blameSegment, type Candidate } from './candidates.js';
import { collectFindings } from './collect-findings.js';
import { errorSegment, latencySegment, type Segment, type Unit } from './segments.js';
import { indexSpans, msOf, shapeOf, subtree, type SpanSet } from './span-set.js';
import { TraceView } from './detectors/trace-view.js';
import { previewShare, previewSpans } from './preview.js';
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
  /** A first ranking of a sample of traces before the whole (preview.ts); off when the caller sampled already. */
  preview?: boolean;
  /** Run the anti-pattern detectors (default); a preview leaves them to the whole. */
  findings?: boolean;
}

const MIN_UNITS = 20;

/** The ranking; with `onPartial`, a preview's sample first (past twice PREVIEW_SPANS), then the error pass. */
export function analyze(input: AnalysisInput, options: AnalysisOptions = {}): AnalysisResult {
  const share = options.onPartial === undefined || options.preview === false ? null : previewShare(input.spans.length);
  if (share !== null) options.onPartial!(rank({ ...input, spans: previewSpans(input.spans, share) }, { ...options, onPartial: undefined }, false));
  return rank(input, options, options.findings !== false);
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
