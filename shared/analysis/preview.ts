import { fnv1a32 } from '../fnv1a.js';
import type { Span } from '../model.js';

/**
 * A first ranking of a sample of whole traces, shown while the whole window is read and ranked (issue 9: the first
 * suspects on screen within a second of a million spans). Above twice this many spans, about this many are
 * sampled. Traces are chosen by a hash of their id, so the sample is the same whether taken from rows in memory
 * or while reading the cache.
 */
export const PREVIEW_SPANS = 100_000;

/** The share of traces a preview keeps, or null when the window is small enough to rank whole straight away. */
export function previewShare(spans: number): number | null {
  return spans > 2 * PREVIEW_SPANS ? PREVIEW_SPANS / spans : null;
}

export function inPreview(traceId: string, share: number): boolean {
  return fnv1a32(traceId) < share * 2 ** 32;
}

/** The spans of the traces in a preview of `share` (rows come a trace at a time: each id is hashed once). */
export function previewSpans(spans: readonly Span[], share: number): Span[] {
  let lastId: string | null = null;
  let keep = false;
  const out: Span[] = [];
  for (const span of spans) {
    if (span.traceId !== lastId) {
      lastId = span.traceId;
      keep = inPreview(lastId, share);
    }
    if (keep) out.push(span);
  }
  return out;
}
