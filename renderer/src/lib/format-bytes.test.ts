import { describe, expect, it } from 'vitest';
import { formatBytes, percentOf } from './format-bytes.js';

describe('formatBytes', () => {
  it('picks a unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(980)).toBe('980 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
  });
});

describe('percentOf', () => {
  it('clamps to 0–100 and knows when the total is unknown', () => {
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(300, 200)).toBe(100);
    expect(percentOf(5, null)).toBeNull();
    expect(percentOf(5, 0)).toBeNull();
  });
});
