import type { NsTime } from '../../../shared/model.js';
import { toBigNs } from './ns-time.js';

export type TimestampPrecision = 'ms' | 'us';

/**
 * Epoch nanoseconds as UTC, ISO-like but easy to scan: "2024-05-01 12:34:56.789" (or ".789123" for µs).
 * Incidents span hosts and time zones, so the UI always shows UTC.
 */
export function formatTimestamp(time: NsTime | bigint, precision: TimestampPrecision = 'ms'): string {
  const ns = toBigNs(time);
  // Split before converting: milliseconds since the epoch fit a JS number exactly; nanoseconds do not.
  const ms = floorDiv(ns, 1_000_000n);
  const iso = new Date(Number(ms)).toISOString(); // 2024-05-01T12:34:56.789Z
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  if (precision === 'ms') return base;
  const micros = floorDiv(ns - ms * 1_000_000n, 1_000n);
  return `${base}${micros.toString().padStart(3, '0')}`;
}

/** Division rounding towards −∞, so times before 1970 still split into a valid date and a positive remainder. */
function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b < 0n ? quotient - 1n : quotient;
}
