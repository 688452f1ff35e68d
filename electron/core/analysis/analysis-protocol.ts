import type { AnalysisResult, AnalysisWindow, Symptom } from '../../../shared/analysis/types.js';

/** Messages between the analysis thread and the core. */
export interface AnalysisJob {
  databasePath: string;
  window: AnalysisWindow;
  symptom: Symptom;
  /** Set on the thread that ranks only a preview's sample of this share of the traces (preview.ts). */
  previewShare?: number;
}

export interface AnalysisStats {
  spansRead: number;
  tracesRead: number;
  traces: number;
  /** True for a preview's sample (shared/analysis/preview.ts), false for the whole window. */
  preview: boolean;
}

export type AnalysisWorkerMessage =
  | { type: 'partial'; result: AnalysisResult; stats: AnalysisStats }
  | { type: 'done'; result: AnalysisResult; stats: AnalysisStats }
  | { type: 'failed'; error: string };
