import { describe, expect, it } from 'vitest';
import { changeBar, latencySegment, type Unit } from './segments.js';

/** Requests a minute apart; from `slowFrom` on, every `every`th of them slow by `slowMs`. */
function units(count: number, slowFrom: number, slowMs: number, every = 1): Unit[] {
  return Array.from({ length: count }, (_, k) => ({
    top: k,
    key: 'a',
    at: k * 60_000,
    dur: 100 + (k % 7) * 3 + (k >= slowFrom && k % every === 0 ? slowMs : 0),
    failed: false,
    baseline: false,
  }));
}

describe('the bar a change must clear', () => {
  it("is the fixed one for a system's few dozen entry operations, and rises with thousands searched at once", () => {
    expect(changeBar(4, 1)).toBe(4);
    expect(changeBar(4, 60)).toBe(4);
    expect(changeBar(3, 60)).toBeCloseTo(Math.sqrt(2 * Math.log(60 * 15)), 9);
    expect(changeBar(4, 6000)).toBeGreaterThan(4.5);
    expect(changeBar(4, 6000)).toBeLessThan(5);
  });

  it('a clear step is a change however many series are searched; a marginal one only among few', () => {
    const clear = units(200, 100, 400);
    expect(latencySegment('a', clear, 1)?.mode).toBe('change');
    expect(latencySegment('a', clear, 6000)?.mode).toBe('change');
    // One request in three slow over the last 30 of 80: enough among a system's operations, chance among thousands.
    const marginal = units(80, 50, 400, 3);
    expect(latencySegment('a', marginal, 1)?.mode).toBe('change');
    expect(latencySegment('a', marginal, 6000)?.mode).not.toBe('change');
  });
});
