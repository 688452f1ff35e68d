import type { Worker } from 'node:worker_threads';
import type { AnalysisResult } from '../../../shared/analysis/types.js';
import type { Db } from '../db/open-database.js';
import type { AnalysisJob, AnalysisStats, AnalysisWorkerMessage } from './analysis-protocol.js';
import { computeAnalysis, windowPreviewShare } from './compute-analysis.js';
import { startWorker } from '../workers/start-worker.js';

type OnPartial = (result: AnalysisResult, stats: AnalysisStats) => void;

/**
 * Runs one analysis on a thread of its own (bundled as analysis-worker.cjs beside the main bundle; from the sources
 * the thread registers tsx first, as the parse worker does). A window of many spans gets a second thread beside it
 * that reads and ranks a preview's sample (shared/analysis/preview.ts): its suspects are shown until the whole
 * analysis says anything, and the whole does not wait for it (1M spans: first suspects in under a second, the whole
 * ~0.8 s sooner than reading the sample first on the same thread). An in-memory cache cannot be opened from another
 * thread, so it is analysed in process.
 */
export function runAnalysis(db: Db, job: AnalysisJob, onPartial: OnPartial, shareFor?: (spans: number) => number | null): Promise<{ result: AnalysisResult; stats: AnalysisStats }> {
  if (job.databasePath === ':memory:') return Promise.resolve().then(() => computeAnalysis(db, job, onPartial, shareFor));
  const share = windowPreviewShare(db, job, shareFor);
  let wholeSpoke = false;
  const preview = share === null ? null : startAnalysisWorker({ ...job, previewShare: share });
  preview?.on('message', (message: AnalysisWorkerMessage) => {
    if (message.type === 'done' && !wholeSpoke) onPartial(message.result, message.stats);
    if (message.type !== 'partial') void preview.terminate();
  });
  // A preview that fails changes nothing: the whole analysis answers anyway.
  preview?.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const worker = startAnalysisWorker(job);
    let settled = false;
    const settle = () => {
      settled = true;
      void worker.terminate();
      void preview?.terminate();
    };
    worker.on('message', (message: AnalysisWorkerMessage) => {
      wholeSpoke = true;
      if (message.type === 'partial') onPartial(message.result, message.stats);
      else {
        settle();
        if (message.type === 'done') resolve({ result: message.result, stats: message.stats });
        else reject(new Error(message.error));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settle();
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the analysis thread stopped (exit code ${code})`));
      settle();
    });
  });
}

function startAnalysisWorker(job: AnalysisJob): Worker {
  return startWorker(new URL('./analysis-worker.cjs', import.meta.url), new URL('./analysis-worker.ts', import.meta.url), { workerData: job });
}
