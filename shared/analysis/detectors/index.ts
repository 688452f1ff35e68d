import type { LogRecord, Span } from '../../model.js';
import type { Finding } from '../types.js';
import { consecutiveDb } from './consecutive-db.js';
import { consecutiveHttp } from './consecutive-http.js';
import type { Detector, DetectorModule } from './detector.js';
import { nPlusOneApi } from './n-plus-one-api.js';
import { nPlusOneDb } from './n-plus-one-db.js';
import { poolExhaustion } from './pool-exhaustion.js';
import { retryStorm } from './retry-storm.js';
import { resolveSettings, type DetectorSettings } from './settings.js';
import { sleep } from './sleep.js';
import { slowDb } from './slow-db.js';
import { inStartOrder, TraceView } from './trace-view.js';

export { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';

/** Every detector: adding one is one module and one line here. */
export const DETECTORS: readonly DetectorModule[] = [nPlusOneDb, nPlusOneApi, consecutiveDb, consecutiveHttp, slowDb, sleep, retryStorm, poolExhaustion] as DetectorModule[];

/**
 * The anti-pattern findings of a window: every detector fed every span of every trace (one array per trace), then
 * the window's log lines when given, then closed. Pure: rows in, findings out, costliest first within a detector and
 * detectors in registry order. `traces` may be any iterable (a Span[][] or a generator reading the cache trace by
 * trace), so a large window is never held whole.
 */
export function detectFindings(
  traces: Iterable<readonly Span[]>,
  settings?: Partial<DetectorSettings>,
  logs: readonly LogRecord[] = [],
  /** Run only these detectors (all by default). */
  only?: readonly DetectorModule['name'][],
): Finding[] {
  return detectFindingsInViews(viewsOf(traces), settings, logs, only);
}

function* viewsOf(traces: Iterable<readonly Span[]>): Generator<TraceView> {
  for (const spans of traces) if (spans.length > 0) yield new TraceView(spans);
}

/** `detectFindings` over traces whose views are already built (the analysis builds each trace's tree once). */
export function detectFindingsInViews(
  views: Iterable<TraceView>,
  settings?: Partial<DetectorSettings>,
  logs: readonly LogRecord[] = [],
  only?: readonly DetectorModule['name'][],
): Finding[] {
  const resolved = resolveSettings(settings);
  const modules = only === undefined ? DETECTORS : DETECTORS.filter((module) => only.includes(module.name));
  const detectors: Detector[] = modules.map((module) => (module.create as (s: unknown) => Detector)(resolved[module.name]));
  const spansById = new Map<string, Span>();
  // The spans the log lines name, by trace: a million spans are not each made into a key to find a few.
  const wantedLogSpans = new Map<string, Set<string>>();
  for (const log of logs) if (log.traceId !== null && log.spanId !== null) wantedLogSpans.set(log.traceId, (wantedLogSpans.get(log.traceId) ?? new Set()).add(log.spanId));
  for (const view of views) {
    const wanted = wantedLogSpans.get(view.traceId);
    for (const span of inStartOrder(view)) {
      for (const detector of detectors) detector.visitSpan(span, view);
      if (wanted?.has(span.spanId) === true) spansById.set(`${span.traceId}/${span.spanId}`, span);
    }
  }
  const spanOf = (traceId: string, spanId: string) => spansById.get(`${traceId}/${spanId}`);
  for (const log of logs) for (const detector of detectors) detector.visitLog?.(log, spanOf);
  return detectors.flatMap((detector) => detector.complete());
}
