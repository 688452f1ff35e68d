import type { LogRecord, Span } from '../../model.js';
import type { DetectorName, Finding } from '../types.js';
import type { DetectorSettings } from './settings.js';
import type { TraceView } from './trace-view.js';

/**
 * One anti-pattern detector, shaped as Sentry's (visit_span / on_complete): fed every span of every trace, trace by
 * trace in start order, then closed once for its findings. It keeps only its grouped occurrences between traces.
 */
export interface Detector {
  visitSpan(span: Span, trace: TraceView): void;
  /** Log lines of the window (for detectors that read them), after every trace. */
  visitLog?(log: LogRecord, spanOf: (traceId: string, spanId: string) => Span | undefined): void;
  complete(): Finding[];
}

export interface DetectorModule<N extends DetectorName = DetectorName> {
  name: N;
  create(settings: DetectorSettings[N]): Detector;
}

export function detectorModule<N extends DetectorName>(name: N, create: (settings: DetectorSettings[N]) => Detector): DetectorModule<N> {
  return { name, create };
}
