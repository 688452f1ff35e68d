import { layoutGraph, type LayoutPositions, type LayoutRequest } from './graph-layout.js';
import type { LayoutDone, LayoutJob } from './layout.worker.js';

/**
 * Layouts by graph shape key, computed on a worker and kept in memory: switching views or refetching the same
 * graph reuses its positions at once. A few shapes are enough (grouped and flat, a couple of time windows).
 */
const CACHE_SIZE = 8;
const cache = new Map<string, Promise<LayoutPositions>>();
const pending = new Map<number, (positions: LayoutPositions) => void>();
let worker: Worker | null | undefined;
let nextId = 1;

function layoutWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' });
    worker.onmessage = (event: MessageEvent<LayoutDone>) => {
      pending.get(event.data.id)?.({ x: event.data.x, y: event.data.y, groups: event.data.groups });
      pending.delete(event.data.id);
    };
  } catch {
    // A page that cannot start workers still gets its graph, laid out on the main thread.
    worker = null;
  }
  return worker;
}

/** Starts the worker ahead of the first layout (its script loads while the graph's data is fetched). */
export function warmLayoutWorker(): void {
  layoutWorker();
}

export function layoutFor(shapeKey: string, request: () => LayoutRequest): Promise<LayoutPositions> {
  const cached = cache.get(shapeKey);
  if (cached !== undefined) {
    // Most recently used last, so the oldest is evicted first.
    cache.delete(shapeKey);
    cache.set(shapeKey, cached);
    return cached;
  }
  const target = layoutWorker();
  const job: Promise<LayoutPositions> =
    target === null
      ? Promise.resolve().then(() => layoutGraph(request()))
      : new Promise((resolve) => {
          const id = nextId++;
          pending.set(id, resolve);
          const message: LayoutJob = { id, request: request() };
          target.postMessage(message);
        });
  cache.set(shapeKey, job);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return job;
}
