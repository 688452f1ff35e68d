import { describe, expect, it } from 'vitest';
import { clampSize } from './stored-size.js';

describe('clampSize', () => {
  it('keeps a size inside its bounds, and the minimum wins when the bounds cross (a tiny window)', () => {
    expect(clampSize(50, 80, 600)).toBe(80);
    expect(clampSize(900, 80, 600)).toBe(600);
    expect(clampSize(300, 80, 600)).toBe(300);
    expect(clampSize(300, 80, 40)).toBe(80);
  });
});
