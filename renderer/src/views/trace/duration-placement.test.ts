import { describe, expect, it } from 'vitest';
import { durationPlacement } from './duration-placement.js';

describe('durationPlacement', () => {
  it('puts the label right of a bar with room, left of a late long bar, and inside a bar that fills the track', () => {
    expect(durationPlacement(10, 30)).toBe('right');
    expect(durationPlacement(40, 55)).toBe('left');
    // ApplyDiscounts filling the track from its start: left of it is the label column, so the label goes inside.
    expect(durationPlacement(2, 90)).toBe('inside');
    expect(durationPlacement(0, 100)).toBe('inside');
  });
});
