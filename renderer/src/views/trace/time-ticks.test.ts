import { describe, expect, it } from 'vitest';
import { formatOffset, timeTicks } from './time-ticks.js';

describe('timeTicks', () => {
  it('picks a 1-2-5 step and labels in the step’s unit', () => {
    expect(timeTicks(0, 100e6).map((t) => t.label)).toEqual(['0ms', '20ms', '40ms', '60ms', '80ms', '100ms']);
    const zoomed = timeTicks(1.2e6, 1.3e6);
    expect(zoomed[0]!.label).toBe('1.2ms');
    expect(zoomed.every((t) => t.at >= 0 && t.at <= 1)).toBe(true);
  });

  it('copes with an empty window', () => {
    expect(timeTicks(5, 5)).toHaveLength(1);
  });

  it('formats offsets', () => {
    expect(formatOffset(2.5e9, 5e8)).toBe('2.5s');
    expect(formatOffset(250e3, 50e3)).toBe('250µs');
  });
});
