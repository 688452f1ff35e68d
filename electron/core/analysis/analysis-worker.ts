import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database.js';
import type { AnalysisJob, AnalysisWorkerMessage } from './analysis-protocol.js';
import { computePreview, computeWhole } from './compute-analysis.js';

/**
 * One analysis on its own thread with its own read-only connection: reading a million spans and ranking them takes
 * seconds, which the API thread must not spend. Partial results (error origins) are posted as soon as they exist.
 * A job with a preview share ranks only that sample (run-analysis.ts runs one beside the whole).
 */
const port = parentPort!;
const post = (message: AnalysisWorkerMessage) => port.postMessage(message);
const job = workerData as AnalysisJob;

try {
  const db = openDatabase(job.databasePath, { readonly: true });
  try {
    const { result, stats } =
      job.previewShare === undefined
        ? computeWhole(db, job, (partial, s) => post({ type: 'partial', result: partial, stats: s }))
        : computePreview(db, job, job.previewShare);
    post({ type: 'done', result, stats });
  } finally {
    db.close();
  }
} catch (error) {
  post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
}
