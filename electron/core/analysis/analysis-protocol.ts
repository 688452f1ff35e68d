import type { AnalysisResult, AnalysisWindow, Symptom } from '../../../shared/analysis/types.js';

/** Messages between the analysis thread and the core. */
export interface AnalysisJob {
  databasePath: string;
  window: AnalysisWindow;
  symptom: Symptom;
}

export interface AnalysisStats {
  spansRead: number;
  tracesRead: number;
  traces: number;
}

export type AnalysisWorkerMessage =
  | { type: 'partial'; result: AnalysisResult; stats: AnalysisStats }
  | { type: 'done'; result: AnalysisResult; stats: AnalysisStats }
  | { type: 'failed'; error: string };
