import type { Attributes, AttrValue } from '../../model.js';
import type { AttributeDifference, BubbleUpResult, ValueShare } from './compare-types.js';

/** Values counted per key; past it a key is high-cardinality (ids, URLs) and further values fold into one bucket. */
export const VALUES_PER_KEY = 500;
const OTHER = '(other values)';
/** Values shown per key: the ones whose shares differ most. */
const SHOWN_VALUES = 6;

function valueText(value: AttrValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface KeyCounts {
  values: Map<string, [number, number]>;
  truncated: boolean;
}

/**
 * BubbleUp (Honeycomb) in one pass: every attribute's value counts in the selection and in the rest, with memory
 * bounded per key (the first VALUES_PER_KEY distinct values are counted exactly, later ones fold into one bucket —
 * the values that tell a selection apart are frequent, so they arrive early), then keys ranked by how far the
 * shares of any of their values differ. Spans lacking a key count as "(none)", so "only the slow ones have it" shows.
 */
export class BubbleUp {
  private readonly keys = new Map<string, KeyCounts>();
  private selection = 0;
  private baseline = 0;
  private sampledBaseline = 0;

  /**
   * baselineStride: count every n-th span of the rest only. The selection (often small: the errors, the slow tail)
   * is always counted whole; the rest's shares come from an even sample of it, which a share estimate needs far
   * fewer of than a million (±0.3% at 100k), so a 1M-span window costs a fraction of its size.
   */
  constructor(private readonly baselineStride = 1) {}

  /** A stride that samples about `budget` spans of a rest of `expected` spans. */
  static strideFor(expected: number, budget = 100_000): number {
    return Math.max(1, Math.ceil(expected / budget));
  }

  /** One span. Attributes may be given lazily, so a skipped span of the rest costs no parsing. */
  add(attributesOrRead: Attributes | (() => Attributes), inSelection: boolean): void {
    const side = inSelection ? 0 : 1;
    if (inSelection) this.selection++;
    else {
      this.baseline++;
      if (this.baseline % this.baselineStride !== 0) return;
      this.sampledBaseline++;
    }
    const attributes = typeof attributesOrRead === 'function' ? attributesOrRead() : attributesOrRead;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      let counts = this.keys.get(key);
      if (counts === undefined) {
        counts = { values: new Map(), truncated: false };
        this.keys.set(key, counts);
      }
      let text = valueText(value);
      let pair = counts.values.get(text);
      if (pair === undefined) {
        if (counts.values.size >= VALUES_PER_KEY) {
          counts.truncated = true;
          text = OTHER;
          pair = counts.values.get(OTHER);
        }
        if (pair === undefined) {
          pair = [0, 0];
          counts.values.set(text, pair);
        }
      }
      pair[side]++;
    }
  }

  result(limitKeys = 50): BubbleUpResult {
    const sel = Math.max(1, this.selection);
    const base = Math.max(1, this.sampledBaseline);
    const scale = this.sampledBaseline === 0 ? 0 : this.baseline / this.sampledBaseline;
    const attributes: AttributeDifference[] = [];
    for (const [key, counts] of this.keys) {
      const values: ValueShare[] = [];
      let seenSel = 0;
      let seenBase = 0;
      for (const [value, [s, b]] of counts.values) {
        seenSel += s;
        seenBase += b;
        values.push({ value, selection: s, baseline: Math.round(b * scale), selectionShare: s / sel, baselineShare: b / base });
      }
      const missingSel = this.selection - seenSel;
      const missingBase = this.sampledBaseline - seenBase;
      if (missingSel > 0 || missingBase > 0) values.push({ value: '(none)', selection: missingSel, baseline: Math.round(missingBase * scale), selectionShare: missingSel / sel, baselineShare: missingBase / base });
      const gap = (v: ValueShare) => Math.abs(v.selectionShare - v.baselineShare);
      values.sort((a, b) => gap(b) - gap(a) || b.selection - a.selection);
      attributes.push({ key, difference: values.length === 0 ? 0 : gap(values[0]!), truncated: counts.truncated, values: values.slice(0, SHOWN_VALUES) });
    }
    attributes.sort((a, b) => b.difference - a.difference || a.key.localeCompare(b.key));
    return { selectionSpans: this.selection, baselineSpans: this.baseline, attributes: attributes.slice(0, limitKeys) };
  }
}
