import { describe, expect, it } from 'vitest';
import type { Span } from '../model.js';
import { inPreview, PREVIEW_SPANS, previewShare, previewSpans } from './preview.js';

const span = (traceId: string, spanId: string) => ({ traceId, spanId }) as Span;

describe('preview sample', () => {
  it('is asked for only past twice its size, and then keeps about its size', () => {
    expect(previewShare(2 * PREVIEW_SPANS)).toBeNull();
    expect(previewShare(1_000_000)).toBeCloseTo(PREVIEW_SPANS / 1_000_000);
  });

  it('keeps whole traces, the same ones however the rows come, about the share asked', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => (i * 2654435761).toString(16).padStart(32, '0'));
    const spans = ids.flatMap((id) => [span(id, 'a'), span(id, 'b'), span(id, 'c')]);
    const kept = previewSpans(spans, 0.1);
    const keptIds = new Set(kept.map((s) => s.traceId));
    expect(kept.length).toBe(keptIds.size * 3);
    expect(keptIds.size).toBeGreaterThan(300);
    expect(keptIds.size).toBeLessThan(500);
    expect([...keptIds].every((id) => inPreview(id, 0.1))).toBe(true);
    expect(new Set(previewSpans([...spans].reverse(), 0.1).map((s) => s.traceId))).toEqual(keptIds);
  });
});
