import type { LogRecord } from '../model.js';
import { detectFindingsInViews } from './detectors/index.js';
import type { TraceView } from './detectors/trace-view.js';
import type { Finding } from './types.js';

/** The anti-pattern detectors' findings for the window's traces (and its logs, for pool exhaustion). */
export function collectFindings(traces: Iterable<TraceView>, logs: readonly LogRecord[] = []): Finding[] {
  return detectFindingsInViews(traces, undefined, logs);
}
