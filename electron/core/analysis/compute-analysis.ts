import { analyze } from '../../../shared/analysis/analyze.js';
import { inPreview, previewShare } from '../../../shared/analysis/preview.js';
import type { AnalysisResult } from '../../../shared/analysis/types.js';
import type { Db } from '../db/open-database.js';
import { readAnalysisRows, windowCounts, type AnalysisRows } from '../queries/analysis-input.js';
import type { AnalysisJob, AnalysisStats } from './analysis-protocol.js';

/**
 * Reads the window's rows and ranks them; the same on the analysis thread and in process. A window of many spans
 * is first read and ranked for a sample of its traces (shared/analysis/preview.ts): reading a million spans from
 * SQLite takes seconds, and the first suspects should not wait for it.
 */
export function computeAnalysis(
  db: Db,
  job: AnalysisJob,
  onPartial: (result: AnalysisResult, stats: AnalysisStats) => void,
  /** The share of traces to rank first, by the window's span count (tests ask for one on small windows). */
  shareFor: (spans: number) => number | null = previewShare,
): { result: AnalysisResult; stats: AnalysisStats } {
  const share = shareFor(windowCounts(db, job.window).spans);
  if (share !== null) {
    const sample = readAnalysisRows(db, job.window, { keep: (traceId) => inPreview(traceId, share) });
    onPartial(analyze(input(sample, job), { preview: false, findings: false }), statsOf(sample));
  }
  const rows = readAnalysisRows(db, job.window);
  const stats = statsOf(rows);
  const result = analyze(input(rows, job), { preview: false, onPartial: (partial) => onPartial(partial, stats) });
  return { result, stats };
}

function input(rows: AnalysisRows, job: AnalysisJob) {
  return { spans: rows.spans, logs: rows.logs, window: job.window, symptom: job.symptom };
}

function statsOf(rows: AnalysisRows): AnalysisStats {
  return { spansRead: rows.spans.length, tracesRead: rows.tracesRead, traces: rows.traces };
}
