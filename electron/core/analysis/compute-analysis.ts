import { analyze } from '../../../shared/analysis/analyze.js';
import { inPreview, previewShare } from '../../../shared/analysis/preview.js';
import type { AnalysisResult } from '../../../shared/analysis/types.js';
import type { Db } from '../db/open-database.js';
import { estimatedWindowSpans, readAnalysisRows, type AnalysisRows } from '../queries/analysis-input.js';
import type { AnalysisJob, AnalysisStats } from './analysis-protocol.js';

type Answer = { result: AnalysisResult; stats: AnalysisStats };

/**
 * Reads the window's rows and ranks them, in process. A window of many spans is first read and ranked for a sample
 * of its traces (shared/analysis/preview.ts): reading a million spans from SQLite takes seconds, and the first
 * suspects should not wait for it. (On threads, run-analysis.ts runs the two side by side.)
 */
export function computeAnalysis(
  db: Db,
  job: AnalysisJob,
  onPartial: (result: AnalysisResult, stats: AnalysisStats) => void,
  /** The share of traces to rank first, by the window's span count (tests ask for one on small windows). */
  shareFor: (spans: number) => number | null = previewShare,
): Answer {
  const share = windowPreviewShare(db, job, shareFor);
  if (share !== null) {
    const preview = computePreview(db, job, share);
    onPartial(preview.result, preview.stats);
  }
  return computeWhole(db, job, onPartial);
}

/** The share of the window's traces a preview ranks first, or null when the window is ranked whole at once. */
export function windowPreviewShare(db: Db, job: AnalysisJob, shareFor: (spans: number) => number | null = previewShare): number | null {
  return shareFor(estimatedWindowSpans(db, job.window));
}

/** The ranking of the sample's traces only, read alone, without the detectors. */
export function computePreview(db: Db, job: AnalysisJob, share: number): Answer {
  const sample = readAnalysisRows(db, job.window, { keep: (traceId) => inPreview(traceId, share) });
  return { result: analyze(input(sample, job), { preview: false, findings: false }), stats: statsOf(sample, true) };
}

/** The ranking of every trace, with the detectors; its error pass comes first as a partial result. */
export function computeWhole(db: Db, job: AnalysisJob, onPartial: (result: AnalysisResult, stats: AnalysisStats) => void): Answer {
  const rows = readAnalysisRows(db, job.window);
  const stats = statsOf(rows, false);
  const result = analyze(input(rows, job), { preview: false, onPartial: (partial) => onPartial(partial, stats) });
  return { result, stats };
}

function input(rows: AnalysisRows, job: AnalysisJob) {
  return { spans: rows.spans, logs: rows.logs, window: job.window, symptom: job.symptom };
}

function statsOf(rows: AnalysisRows, preview: boolean): AnalysisStats {
  return { spansRead: rows.spans.length, tracesRead: rows.tracesRead, traces: rows.traces, preview };
}
