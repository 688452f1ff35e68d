import type { Db } from '../db/open-database.js';
import type { WriteQueue } from '../db/write-queue.js';
import { edgeSummariesReady } from '../queries/graph-summaries.js';
import { startWorker } from '../workers/start-worker.js';

/**
 * A cache written before the graph's summaries (migration 20) is summarised once, in a turn of the write queue (no
 * write lands half counted) on a thread of its own (the API keeps answering; the graph counts rows until it is done).
 * Resolves to whether it had to; a failure leaves the cache as it was (the graph keeps counting rows).
 */
export async function summariseOldCache(db: Db, path: string, writes: WriteQueue): Promise<boolean> {
  if (path === ':memory:' || edgeSummariesReady(db)) return false;
  await writes.run(
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = startWorker(new URL('./edge-minutes-worker.cjs', import.meta.url), new URL('./edge-minutes-worker.ts', import.meta.url), {
          workerData: { path },
        });
        // A one-shot command does not wait for it: ended midway, its transaction is simply not committed.
        worker.unref();
        worker.once('message', (reply: { ok: true } | { ok: false; message: string }) => (reply.ok ? resolve() : reject(new Error(reply.message))));
        worker.once('error', reject);
      }),
  );
  return true;
}
