/** ISO 8601 UTC of ns (whole ms shown; reports are for people) and of ms. */
export function isoNs(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString();
}

export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}
