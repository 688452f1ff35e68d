import type { Worker } from 'node:worker_threads';
import type { AnalysisResult } from '../../../shared/analysis/types.js';
import type { Db } from '../db/open-database.js';
import type { AnalysisJob, AnalysisStats, AnalysisWorkerMessage } from './analysis-protocol.js';
import { computeAnalysis } from './compute-analysis.js';
import { startWorker } from '../workers/start-worker.js';

/**
 * Runs one analysis on a thread of its own (bundled as analysis-worker.cjs beside the main bundle; from the sources
 * the thread registers tsx first, as the parse worker does). An in-memory cache cannot be opened from another
 * thread, so it is analysed in process.
 */
export function runAnalysis(db: Db, job: AnalysisJob, onPartial: (result: AnalysisResult, stats: AnalysisStats) => void): Promise<{ result: AnalysisResult; stats: AnalysisStats }> {
  if (job.databasePath === ':memory:') return Promise.resolve().then(() => computeAnalysis(db, job, onPartial));
  return new Promise((resolve, reject) => {
    const worker = startAnalysisWorker(job);
    let settled = false;
    worker.on('message', (message: AnalysisWorkerMessage) => {
      if (message.type === 'partial') onPartial(message.result, message.stats);
      else {
        settled = true;
        void worker.terminate();
        if (message.type === 'done') resolve({ result: message.result, stats: message.stats });
        else reject(new Error(message.error));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the analysis thread stopped (exit code ${code})`));
      settled = true;
    });
  });
}

function startAnalysisWorker(job: AnalysisJob): Worker {
  return startWorker(new URL('./analysis-worker.cjs', import.meta.url), new URL('./analysis-worker.ts', import.meta.url), { workerData: job });
}
