import { describe, expect, it } from 'vitest';
import { dataTail, describeTimeRange, formatZoned, parseZoned, resolveTimeRange } from './time-range.js';

// 2026-11-20 09:30:00 UTC, when the demo incident happens.
const NOW_MS = Date.UTC(2026, 10, 20, 9, 30, 0);

describe('time range resolution', () => {
  it('leaves both ends open for all cached data', () => {
    expect(resolveTimeRange({ kind: 'all' }, NOW_MS)).toEqual({});
  });

  it('measures a relative range back from now, in exact nanoseconds', () => {
    const window = resolveTimeRange({ kind: 'relative', lastMs: 15 * 60_000 }, NOW_MS);
    expect(window.endNs).toBe(`${NOW_MS}000000`);
    expect(BigInt(window.endNs ?? 0) - BigInt(window.startNs ?? 0)).toBe(900_000_000_000n);
  });

  it('never starts before the epoch', () => {
    expect(resolveTimeRange({ kind: 'relative', lastMs: 10_000 }, 5000).startNs).toBe('0');
  });

  it('passes an absolute range through unchanged', () => {
    expect(resolveTimeRange({ kind: 'absolute', startNs: '1795183204531300492', endNs: '1795184997124071659' }, NOW_MS)).toEqual({
      startNs: '1795183204531300492',
      endNs: '1795184997124071659',
    });
  });

  it('describes ranges for the picker button', () => {
    expect(describeTimeRange({ kind: 'all' }, 'utc')).toBe('All cached data');
    expect(describeTimeRange({ kind: 'relative', lastMs: 3_600_000 }, 'utc')).toBe('Last 1 hour');
    expect(describeTimeRange({ kind: 'absolute', startNs: '1795183204531300492', endNs: '1795183264531300492' }, 'utc')).toBe(
      '2026-11-20 14:00:04.531 → 2026-11-20 14:01:04.531',
    );
  });
});

describe('typed date-times', () => {
  it('reads UTC date-times with optional seconds and nanosecond fractions', () => {
    expect(parseZoned('2026-11-20 14:00:04.531300492', 'utc')).toBe('1795183204531300492');
    expect(parseZoned('2026-11-20T14:00', 'utc')).toBe('1795183200000000000');
    expect(parseZoned('2026-11-20', 'utc')).toBe('1795132800000000000');
  });

  it('reads local date-times in the machine zone, and writes them back the same', () => {
    const ns = parseZoned('2026-11-20 09:20:04.531', 'local');
    expect(ns).not.toBeNull();
    expect(formatZoned(ns ?? '0', 'local')).toBe('2026-11-20 09:20:04.531');
  });

  it.each(['', 'yesterday', '2026-13-01', '2026-02-31', '2026-11-20 25:00', '20261120', '1969-12-31'])('refuses %j', (text) => {
    expect(parseZoned(text, 'utc')).toBeNull();
  });
});

describe('presets relative to the cached data', () => {
  const extent = { firstNs: 1_795_183_200_000_000_000n, lastNs: 1_795_185_000_000_000_000n };

  it('ends where the data ends, and goes back the preset’s length', () => {
    expect(dataTail(extent, 15 * 60_000)).toEqual({ kind: 'absolute', startNs: '1795184100000000000', endNs: '1795185000000000000' });
  });

  it('never starts before the data does', () => {
    expect(dataTail(extent, 6 * 3_600_000)).toEqual({ kind: 'absolute', startNs: '1795183200000000000', endNs: '1795185000000000000' });
  });
});
