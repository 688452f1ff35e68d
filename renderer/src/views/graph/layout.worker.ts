import { layoutGraph, type LayoutRequest } from './graph-layout.js';

/** Lays graphs out off the page's main thread: 5,000 nodes must never freeze pan, zoom or typing. */
export interface LayoutJob {
  id: number;
  request: LayoutRequest;
}

export interface LayoutDone {
  id: number;
  x: Float64Array;
  y: Float64Array;
  groups: Float64Array;
  ms: number;
}

globalThis.onmessage = (event: MessageEvent<LayoutJob>) => {
  const started = performance.now();
  const { x, y, groups } = layoutGraph(event.data.request);
  const done: LayoutDone = { id: event.data.id, x, y, groups, ms: performance.now() - started };
  globalThis.postMessage(done, { transfer: [x.buffer, y.buffer, groups.buffer] });
};
