import { parentPort, workerData } from 'node:worker_threads';
import { openWriteConnection } from '../db/open-database.js';
import { rebuildEdgeMinutes } from './edge-minutes-rebuild.js';

/**
 * Summarises a cache's service graph once (edge-minutes-rebuild.ts) on a connection of its own, so the API thread
 * keeps answering (a 10M-span cache takes a minute); summarise-old-cache.ts holds the write queue meanwhile.
 */
const port = parentPort!;
let reply: { ok: true } | { ok: false; message: string };
try {
  const db = openWriteConnection((workerData as { path: string }).path);
  try {
    db.transaction(() => rebuildEdgeMinutes(db))();
  } finally {
    db.close();
  }
  reply = { ok: true };
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
port.postMessage(reply);
