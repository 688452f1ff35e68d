import type { NsTime } from '../../../shared/model.js';

/**
 * NsTime is epoch nanoseconds as a decimal string (see shared/model.ts): a JS number would lose the low digits.
 * These helpers do the arithmetic in BigInt and only hand back numbers for values small enough to be exact.
 */
export function toBigNs(value: NsTime | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/** end − start in nanoseconds, never negative (clock skew between hosts can put an end before its start). */
export function durationNs(startNs: NsTime, endNs: NsTime): bigint {
  const duration = toBigNs(endNs) - toBigNs(startNs);
  return duration > 0n ? duration : 0n;
}

