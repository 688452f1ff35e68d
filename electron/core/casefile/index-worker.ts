import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { buildIndexes } from './casefile-indexes.js';

/**
 * Builds the indexes an opened casefile left out (casefile-indexes.ts) on its working copy, beside the connection
 * that answers the views: WAL lets that one read while this one writes, and each index serves as soon as it is in.
 */
export type IndexWorkerReply = { stage: 'lookups' } | { stage: 'done'; ok: true } | { stage: 'done'; ok: false; message: string };

const port = parentPort!;
let reply: IndexWorkerReply;
try {
  const db = new Database((workerData as { path: string }).path, { fileMustExist: true });
  try {
    // The copy is thrown away when the casefile closes: no need to survive a crash.
    db.pragma('synchronous = OFF');
    db.pragma('trusted_schema = OFF');
    db.pragma('cache_size = -131072');
    buildIndexes(db, () => port.postMessage({ stage: 'lookups' } satisfies IndexWorkerReply));
  } finally {
    db.close();
  }
  reply = { stage: 'done', ok: true };
} catch (error) {
  reply = { stage: 'done', ok: false, message: error instanceof Error ? error.message : String(error) };
}
port.postMessage(reply);
