const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Byte counts for the import panel: "980 B", "1.5 MB". Decimal (1000) units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value) : Number(value.toFixed(1));
  return `${shown} ${UNITS[unit]}`;
}

/** Share of `done` in `total` as 0–100, or null when the total is unknown (a stream without a length). */
export function percentOf(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(100, Math.max(0, (done / total) * 100));
}
