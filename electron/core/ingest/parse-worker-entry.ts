import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker.js';

/** Parsing threads, kept between imports (bundled as parse-worker.cjs in the packaged app). */
const idle: Worker[] = [];

function startParseWorker(): Worker {
  return startWorker(new URL('./parse-worker.cjs', import.meta.url), new URL('./parse-worker.ts', import.meta.url));
}

/** An idle parsing thread, or a new one. Unreferenced: an idle parser never keeps the process alive. */
export function takeParseWorker(): Worker {
  const worker = idle.pop() ?? startParseWorker();
  worker.ref();
  return worker;
}

/** Returns a worker that finished its file cleanly; one that failed or was cancelled is terminated instead. */
export function releaseParseWorker(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.unref();
  idle.push(worker);
}

/**
 * Starts a parsing thread now, idle, so the first file dropped on the workbench does not wait for it to boot (its
 * first rows while arriving come that much sooner). For the workbench's long-lived processes, not for one-shot
 * commands.
 */
export function prewarmParseWorker(): void {
  if (idle.length === 0) releaseParseWorker(takeParseWorker());
}
