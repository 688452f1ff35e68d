import { analyze } from '../../../shared/analysis/analyze.js';
import type { AnalysisResult } from '../../../shared/analysis/types.js';
import type { Db } from '../db/open-database.js';
import { readAnalysisRows } from '../queries/analysis-input.js';
import type { AnalysisJob, AnalysisStats } from './analysis-protocol.js';

/** Reads the window's rows and ranks them; the same on the analysis thread and in process. */
export function computeAnalysis(db: Db, job: AnalysisJob, onPartial: (result: AnalysisResult, stats: AnalysisStats) => void): { result: AnalysisResult; stats: AnalysisStats } {
  const rows = readAnalysisRows(db, job.window);
  const stats = { spansRead: rows.spans.length, tracesRead: rows.tracesRead, traces: rows.traces };
  const result = analyze({ spans: rows.spans, logs: rows.logs, window: job.window, symptom: job.symptom }, { onPartial: (partial) => onPartial(partial, stats) });
  return { result, stats };
}
