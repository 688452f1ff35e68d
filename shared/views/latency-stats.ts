/**
 * Pure statistics for latency charts: exact percentiles over a bucket's durations and the log-scale duration
 * buckets of the heatmap. Durations are nanoseconds as numbers (a double holds 104 days of ns exactly).
 */

/** Nearest-rank percentile (q in 0..1) of ascending-sorted values: always one of the observed values. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new Error(`percentile must be between 0 and 1, got ${q}`);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

export interface LatencyPercentiles {
  p50Ns: number | null;
  p95Ns: number | null;
  p99Ns: number | null;
}

/** p50/p95/p99 of unsorted durations (sorted in place: the caller hands over a scratch array). */
export function latencyPercentiles(durations: Float64Array | number[]): LatencyPercentiles {
  const sorted = durations instanceof Float64Array ? durations.sort() : durations.sort((a, b) => a - b);
  return {
    p50Ns: percentileOfSorted(sorted, 0.5),
    p95Ns: percentileOfSorted(sorted, 0.95),
    p99Ns: percentileOfSorted(sorted, 0.99),
  };
}

/** Heatmap rows per power of ten: 4 gives 1, 1.8, 3.2, 5.6 × 10^k, fine enough to see a 500 ms shift. */
export const DURATION_BUCKETS_PER_DECADE = 4;

/** The log-scale bucket of a duration; everything under 1 ns falls in bucket 0 with 1 ns. */
export function durationBucketIndex(durationNs: number): number {
  if (!(durationNs > 1)) return 0;
  // The epsilon keeps exact powers (1000 ns) in their own bucket despite log10's rounding.
  return Math.floor(Math.log10(durationNs) * DURATION_BUCKETS_PER_DECADE + 1e-9);
}

/** The lower bound (ns) of a duration bucket. */
export function durationBucketLowerNs(index: number): number {
  return 10 ** (index / DURATION_BUCKETS_PER_DECADE);
}
