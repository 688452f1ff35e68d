import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it('keeps nanoseconds below a microsecond', () => {
    expect(formatDuration(0n)).toBe('0 ns');
    expect(formatDuration('850')).toBe('850 ns');
  });

  it('uses µs, ms and s with three significant digits', () => {
    expect(formatDuration(12_345n)).toBe('12.3 µs');
    expect(formatDuration('45600000')).toBe('45.6 ms');
    expect(formatDuration(2_000_000n)).toBe('2 ms');
    expect(formatDuration(123_456_789n)).toBe('123 ms');
    expect(formatDuration(1_234_000_000n)).toBe('1.23 s');
  });

  it('switches to minutes and hours for long spans', () => {
    expect(formatDuration(123n * 1_000_000_000n)).toBe('2 min 3 s');
    expect(formatDuration(120n * 1_000_000_000n)).toBe('2 min');
    expect(formatDuration(3_723n * 1_000_000_000n)).toBe('1 h 2 min');
  });

  it('handles durations longer than a JS number holds exactly', () => {
    expect(formatDuration('9223372036854775807')).toBe('2562047 h 47 min');
  });

  it('marks negative durations rather than hiding them', () => {
    expect(formatDuration(-1_500n)).toBe('-1.5 µs');
  });
});
