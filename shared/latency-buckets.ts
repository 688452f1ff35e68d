/**
 * Durations counted in logarithmic buckets (DDSketch's mapping): each bucket spans a factor GAMMA, so any percentile
 * read back is within ±2% of a duration that was counted, and counts per bucket add up across minutes and writes.
 * What the graph's summaries keep instead of every call's duration.
 */
const RELATIVE_ACCURACY = 0.02;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Bucket of durations ≤ 0 (zero-length spans, clock skew). */
const ZERO = -1;

/** Bucket sizes to counts. */
export type LatencyBuckets = Map<number, number>;

export function bucketOf(durationNs: number): number {
  return durationNs <= 0 ? ZERO : Math.ceil(Math.log(durationNs) / LOG_GAMMA);
}

/** The duration a bucket stands for: the middle of its range, in ns. */
export function bucketValue(bucket: number): number {
  return bucket === ZERO ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/** Adds (or with a negative count, takes away) durations; an emptied bucket is dropped. */
export function addBucket(buckets: LatencyBuckets, bucket: number, count = 1): void {
  const sum = (buckets.get(bucket) ?? 0) + count;
  if (sum === 0) buckets.delete(bucket);
  else buckets.set(bucket, sum);
}

/** Nearest-rank percentiles (ascending qs) of bucketed durations; 0 when none were counted. */
export function bucketPercentiles(buckets: LatencyBuckets, qs: readonly number[]): number[] {
  let total = 0;
  for (const count of buckets.values()) total += count;
  if (total === 0) return qs.map(() => 0);
  const order = [...buckets.keys()].sort((a, b) => a - b);
  const out: number[] = [];
  let seen = 0;
  let at = 0;
  for (const q of qs) {
    const rank = Math.max(1, Math.ceil(q * total));
    while (seen + buckets.get(order[at]!)! < rank) seen += buckets.get(order[at++]!)!;
    out.push(bucketValue(order[at]!));
  }
  return out;
}

/** Packs buckets as little-endian int32 pairs (bucket, count), for a BLOB column. */
export function encodeBuckets(buckets: LatencyBuckets): Uint8Array {
  const bytes = new Uint8Array(buckets.size * 8);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const [bucket, count] of buckets) {
    view.setInt32(at, bucket, true);
    view.setInt32(at + 4, count, true);
    at += 8;
  }
  return bytes;
}

/** Adds packed buckets (encodeBuckets) into `into`. */
export function addEncodedBuckets(into: LatencyBuckets, bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.byteLength; at += 8) addBucket(into, view.getInt32(at, true), view.getInt32(at + 4, true));
}
