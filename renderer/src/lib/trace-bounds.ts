import type { Span } from '../../../shared/model.js';
import { toBigNs } from './ns-time.js';

export interface TraceBounds {
  startNs: bigint;
  endNs: bigint;
}

/** Earliest start and latest end over the spans; children may outlive their parents, so the root alone is not enough. */
export function traceBounds(spans: readonly Span[]): TraceBounds | null {
  let startNs: bigint | null = null;
  let endNs: bigint | null = null;
  for (const span of spans) {
    const start = toBigNs(span.startNs);
    const end = toBigNs(span.endNs);
    if (startNs === null || start < startNs) startNs = start;
    if (endNs === null || end > endNs) endNs = end;
  }
  if (startNs === null || endNs === null) return null;
  return { startNs, endNs: endNs > startNs ? endNs : startNs };
}

/** Where a span sits on the trace's timeline, as percentages for a bar: offset from the left and width. */
export function timelinePosition(span: Span, bounds: TraceBounds): { leftPct: number; widthPct: number } {
  const total = bounds.endNs - bounds.startNs;
  if (total <= 0n) return { leftPct: 0, widthPct: 100 };
  // Offsets are small relative to the trace, so converting after the BigInt subtraction is exact enough to draw.
  const left = Number(toBigNs(span.startNs) - bounds.startNs) / Number(total);
  const width = Number(toBigNs(span.endNs) - toBigNs(span.startNs)) / Number(total);
  const leftPct = clamp(left * 100, 0, 100);
  return { leftPct, widthPct: clamp(width * 100, 0, 100 - leftPct) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
