/**
 * Time buckets for histograms and charts. Bucket widths are "nice" steps (1-2-5 below a second, then clock units)
 * so axis labels read naturally, and buckets start at multiples of the width from the epoch, so the same instant
 * falls in the same bucket whatever window is shown.
 */
const SECOND = 1_000_000_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SUB_SECOND_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500].flatMap((m) => [m * 1_000, m * 1_000_000]).sort((a, b) => a - b);

export const NICE_STEPS_NS: readonly number[] = [
  ...SUB_SECOND_STEPS,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  365 * DAY,
];

/** The smallest nice width that covers [startNs, endNs] in at most `maxBuckets` aligned buckets. */
export function chooseBucketNs(startNs: bigint, endNs: bigint, maxBuckets: number): number {
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1) throw new Error(`maxBuckets must be a positive integer, got ${maxBuckets}`);
  if (endNs < startNs) throw new Error(`time window ends (${endNs}) before it starts (${startNs})`);
  for (const step of NICE_STEPS_NS) {
    if (bucketCount(startNs, endNs, step) <= maxBuckets) return step;
  }
  // Beyond a year per bucket: whole multiples of the largest step.
  const largest = NICE_STEPS_NS[NICE_STEPS_NS.length - 1]!;
  const needed = Number((endNs - startNs) / BigInt(largest)) + 1;
  return largest * Math.ceil(needed / maxBuckets);
}

/** The start of the bucket holding `ns` (rounding towards −∞). */
export function alignDown(ns: bigint, bucketNs: number): bigint {
  const width = BigInt(bucketNs);
  const rest = ns % width;
  return rest < 0n ? ns - rest - width : ns - rest;
}

/** How many aligned buckets [startNs, endNs] touches (both ends inclusive). */
export function bucketCount(startNs: bigint, endNs: bigint, bucketNs: number): number {
  const first = alignDown(startNs, bucketNs);
  const last = alignDown(endNs, bucketNs);
  return Number((last - first) / BigInt(bucketNs)) + 1;
}
