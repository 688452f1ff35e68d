import type { LogRecord, Span } from '../model.js';
import { detectFindings } from './detectors/index.js';
import type { Finding } from './types.js';

/** The anti-pattern detectors' findings for the window's traces (and its logs, for pool exhaustion). */
export function collectFindings(traces: Span[][], logs: readonly LogRecord[] = []): Finding[] {
  return detectFindings(traces, undefined, logs);
}
