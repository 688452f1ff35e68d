/**
 * The units backends read in query parameters, from Casefile's exact nanoseconds. Each backend parses its own:
 * Jaeger v1 start/end and Zipkin durations in µs, Zipkin endTs/lookback and Jaeger dependencies in ms, Go durations
 * (time.ParseDuration) for Jaeger min/maxDuration, RFC 3339 with nanoseconds for Jaeger api_v3.
 */
export function unitsUs(ns: bigint): string {
  return (ns / 1000n).toString();
}

export function unitsMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/** A Go duration string: whole milliseconds as "250ms", fractions in microseconds ("1500us") so no precision is lost. */
export function goDuration(ms: number): string {
  if (Number.isInteger(ms)) return `${ms}ms`;
  return `${Math.round(ms * 1000)}us`;
}

/** RFC 3339 in UTC with all nine fractional digits, as Go's time.RFC3339Nano parses it. */
export function rfc3339(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** An array of strings, or null when the value is anything else. */
export function stringList(value: unknown): string[] | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return null;
  return [...(value as string[])];
}
