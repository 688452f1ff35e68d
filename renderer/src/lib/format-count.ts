const COUNT = new Intl.NumberFormat('en-US');

/** Counts with thousands separators, fixed to one locale so screenshots and tests read the same everywhere. */
export function formatCount(count: number): string {
  return COUNT.format(count);
}
