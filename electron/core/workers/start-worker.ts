import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a thread from `bundled`, the .cjs the Electron build writes beside the main bundle
 * (scripts/build-electron.mjs), when it exists. From the sources (CLI, tests, benchmarks, browser mode) the thread
 * first registers tsx — loader hooks of the parent thread do not reach workers on Node 20 — and then loads `source`.
 */
export function startWorker(bundled: URL, source: URL, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Worker {
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
