import { describe, expect, it } from 'vitest';
import { formatDurationInput, parseDurationMs } from './duration-input.js';

describe('duration inputs', () => {
  it('reads what a person types', () => {
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs(' 1.5 s ')).toBe(1500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('250')).toBe(250);
    expect(parseDurationMs('')).toBeUndefined();
    expect(parseDurationMs('fast')).toBeNull();
    expect(parseDurationMs('-5ms')).toBeNull();
  });

  it.each([500, 2000, 1500, 0.5, 60_000])('writes %d ms back in a form it reads again', (ms) => {
    expect(parseDurationMs(formatDurationInput(ms))).toBe(ms);
  });
});
