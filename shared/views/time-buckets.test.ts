import { describe, expect, it } from 'vitest';
import { alignDown, bucketCount, chooseBucketNs } from './time-buckets.js';

const S = 1_000_000_000n;

describe('chooseBucketNs', () => {
  it('picks a nice width that keeps the bucket count within the limit', () => {
    // 30 minutes in at most 80 buckets: 30 s buckets (61 touched, both ends inclusive), not 15 s (121).
    const start = 1_700_000_000n * S;
    const bucket = chooseBucketNs(start, start + 1800n * S, 80);
    expect(bucket).toBe(30_000_000_000);
    expect(bucketCount(start, start + 1800n * S, bucket)).toBe(61);
  });

  it('goes below a millisecond for a short span', () => {
    const start = 1_700_000_000n * S + 123_456n;
    expect(chooseBucketNs(start, start + 2_000_000n, 100)).toBe(50_000);
  });

  it('gives one bucket for an empty window', () => {
    const at = 1_700_000_000n * S;
    expect(bucketCount(at, at, chooseBucketNs(at, at, 10))).toBe(1);
  });

  it('stretches beyond a year per bucket for enormous windows', () => {
    const bucket = chooseBucketNs(0n, 200n * 365n * 86_400n * S, 10);
    expect(bucketCount(0n, 200n * 365n * 86_400n * S, bucket)).toBeLessThanOrEqual(10);
  });

  it('rejects a reversed window and a bad limit', () => {
    expect(() => chooseBucketNs(10n, 5n, 10)).toThrow(/ends .* before it starts/);
    expect(() => chooseBucketNs(0n, 5n, 0)).toThrow(/maxBuckets/);
  });
});

describe('alignDown', () => {
  it('aligns to multiples of the width from the epoch, also before 1970', () => {
    expect(alignDown(1_234n, 1000)).toBe(1_000n);
    expect(alignDown(2_000n, 1000)).toBe(2_000n);
    expect(alignDown(-1n, 1000)).toBe(-1_000n);
  });
});
