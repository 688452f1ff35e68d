import { describe, expect, it } from 'vitest';
import { durationBucketIndex, durationBucketLowerNs, latencyPercentiles, percentileOfSorted } from './latency-stats.js';

describe('percentiles', () => {
  it('uses the nearest rank, so a percentile is always an observed duration', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
    expect(percentileOfSorted(values, 0.5)).toBe(500);
    expect(percentileOfSorted(values, 0.95)).toBe(950);
    expect(percentileOfSorted(values, 0.99)).toBe(990);
    expect(percentileOfSorted(values, 0)).toBe(10);
    expect(percentileOfSorted(values, 1)).toBe(1000);
  });

  it('is null for no data and rejects a percentile outside 0..1', () => {
    expect(percentileOfSorted([], 0.5)).toBeNull();
    expect(() => percentileOfSorted([1], 95)).toThrow(/between 0 and 1/);
  });

  it('sorts numerically, not as strings', () => {
    // Ten fast requests and one 9 s outlier: p50 must be fast, p99 the outlier.
    const durations = [...Array<number>(10).fill(20_000_000), 9_000_000_000];
    const p = latencyPercentiles(durations);
    expect(p.p50Ns).toBe(20_000_000);
    expect(p.p99Ns).toBe(9_000_000_000);
    expect(latencyPercentiles(new Float64Array([3, 1, 2])).p50Ns).toBe(2);
  });
});

describe('log-scale duration buckets', () => {
  it('puts each duration in the bucket whose bounds hold it', () => {
    for (const duration of [1, 7, 999, 1000, 1001, 123_456_789, 5e9]) {
      const index = durationBucketIndex(duration);
      expect(durationBucketLowerNs(index)).toBeLessThanOrEqual(duration * (1 + 1e-9));
      expect(durationBucketLowerNs(index + 1)).toBeGreaterThan(duration);
    }
  });

  it('separates a 500 ms regression from 20 ms requests', () => {
    expect(durationBucketIndex(520_000_000)).toBeGreaterThan(durationBucketIndex(20_000_000) + 4);
  });

  it('keeps exact powers of ten in their own bucket and clamps tiny durations to 0', () => {
    expect(durationBucketIndex(1000)).toBe(12);
    expect(durationBucketIndex(0)).toBe(0);
    expect(durationBucketIndex(-5)).toBe(0);
  });
});
