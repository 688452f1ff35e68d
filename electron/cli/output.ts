/** Output helpers for the command line: `--json` prints exactly the API result; otherwise aligned plain text. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  for (const row of cells) {
    process.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
  }
}

/** Nanoseconds (decimal string) → ISO 8601 UTC with the sub-millisecond digits kept. */
export function isoTime(ns: string): string {
  const big = BigInt(ns);
  const ms = big / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  const fraction = (big % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

export function duration(ns: string | number): string {
  const value = Number(ns);
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}s`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}ms`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)}µs`;
  return `${value}ns`;
}
