import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Parsing threads, kept between imports. In the packaged app the build bundles the thread as parse-worker.cjs beside
 * the main bundle (scripts/build-electron.mjs). From the sources (CLI, tests, benchmarks) the thread first registers
 * tsx — loader hooks of the parent thread do not reach workers on Node 20 — and then loads parse-worker.ts.
 */
const idle: Worker[] = [];

function startParseWorker(): Worker {
  const bundled = new URL('./parse-worker.cjs', import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled);
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL('./parse-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true });
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
