const DURATION_UNITS_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "250ms", "1.5s", "2m" → ms; "" → undefined; anything else → null. A bare number is taken as ms. */
export function parseDurationMs(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?$/.exec(trimmed);
  if (match === null) return null;
  return Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? 'ms'] ?? 1);
}

/** The inverse, for an input to show a bound back: 1500 → "1500ms", 2000 → "2s", 0.5 → "0.5ms". */
export function formatDurationInput(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
