import { describe, expect, it } from 'vitest';
import { formatTimestamp } from './format-timestamp.js';

describe('formatTimestamp', () => {
  it('formats epoch nanoseconds as UTC to the millisecond', () => {
    expect(formatTimestamp('1714566896789123456')).toBe('2024-05-01 12:34:56.789');
  });

  it('keeps microseconds when asked, without rounding through a double', () => {
    expect(formatTimestamp('1714566896789123456', 'us')).toBe('2024-05-01 12:34:56.789123');
    expect(formatTimestamp('1714566896000004999', 'us')).toBe('2024-05-01 12:34:56.000004');
  });

  it('formats the epoch and times before it', () => {
    expect(formatTimestamp(0n)).toBe('1970-01-01 00:00:00.000');
    expect(formatTimestamp(-1n, 'us')).toBe('1969-12-31 23:59:59.999999');
  });
});
