import type { NsTime } from '../../../shared/model.js';
import { toBigNs } from './ns-time.js';

const NS_PER_US = 1_000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const NS_PER_MIN = 60n * NS_PER_S;

/**
 * A duration in the unit a person reads fastest: "850 ns", "12.3 µs", "45.6 ms", "1.23 s", "2 min 3 s".
 * Three significant digits are enough to compare spans; the exact value stays in the data.
 */
export function formatDuration(duration: NsTime | bigint): string {
  const ns = toBigNs(duration);
  if (ns < 0n) return `-${formatDuration(-ns)}`;
  if (ns < NS_PER_US) return `${ns} ns`;
  if (ns < NS_PER_MS) return `${threeDigits(ns, NS_PER_US)} µs`;
  if (ns < NS_PER_S) return `${threeDigits(ns, NS_PER_MS)} ms`;
  if (ns < NS_PER_MIN) return `${threeDigits(ns, NS_PER_S)} s`;
  const minutes = ns / NS_PER_MIN;
  const seconds = (ns % NS_PER_MIN) / NS_PER_S;
  if (minutes < 60n) return seconds === 0n ? `${minutes} min` : `${minutes} min ${seconds} s`;
  const hours = minutes / 60n;
  const restMinutes = minutes % 60n;
  return restMinutes === 0n ? `${hours} h` : `${hours} h ${restMinutes} min`;
}

/** `ns / unit` rounded to three significant digits; the quotient is small here, so Number is exact enough. */
function threeDigits(ns: bigint, unit: bigint): string {
  const value = Number(ns) / Number(unit);
  const decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Trim trailing zeros so 2 ms reads "2 ms", not "2.00 ms".
  return String(Number(value.toFixed(decimals)));
}
