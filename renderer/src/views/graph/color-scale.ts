/**
 * Node colours: a health scale from fine (green) through suspicious (amber) to bad (red), by error rate or by p95
 * latency. Stops sit where an on-call engineer's judgement changes: 1 % errors is worth a look, 5 % is an incident;
 * p95 latency on a log scale from 10 ms to 1 s. Each theme has its own three colours, equally readable on its
 * background.
 */
export type ColorMode = 'errors' | 'latency';

export interface HealthPalette {
  ok: string;
  warn: string;
  bad: string;
  /** No figure to colour by (a root service has no incoming latency). */
  none: string;
}

export const PALETTES: Record<'dark' | 'light', HealthPalette> = {
  dark: { ok: '#3f9e5a', warn: '#d99a2b', bad: '#e5484d', none: '#5b6270' },
  light: { ok: '#46a35e', warn: '#e09b26', bad: '#d63a41', none: '#a3aab5' },
};

const ERROR_STOPS: readonly [number, number, number] = [0, 0.01, 0.05];
const LATENCY_STOPS_LOG_MS: readonly [number, number, number] = [1, 2, 3]; // 10 ms, 100 ms, 1 s

/** 0 at or below "fine", 0.5 at "suspicious", 1 at or above "bad". */
export function severity(mode: ColorMode, value: number): number {
  if (mode === 'errors') return piecewise(value, ERROR_STOPS);
  const ms = value / 1e6;
  return piecewise(Math.log10(Math.max(ms, 1e-3)), LATENCY_STOPS_LOG_MS);
}

function piecewise(value: number, [low, mid, high]: readonly [number, number, number]): number {
  if (!(value > low)) return 0;
  if (value >= high) return 1;
  return value <= mid ? (0.5 * (value - low)) / (mid - low) : 0.5 + (0.5 * (value - mid)) / (high - mid);
}

/** The colour for a figure; null (no figure) gets the neutral colour. */
export function healthColor(palette: HealthPalette, mode: ColorMode, value: number | null): string {
  if (value === null) return palette.none;
  const s = severity(mode, value);
  return s <= 0.5 ? mix(palette.ok, palette.warn, s * 2) : mix(palette.warn, palette.bad, (s - 0.5) * 2);
}

/** Linear blend of two #rrggbb colours. */
export function mix(from: string, to: string, t: number): string {
  const a = rgb(from);
  const b = rgb(to);
  const channel = (i: number) => Math.round(a[i]! + (b[i]! - a[i]!) * t);
  return `#${[0, 1, 2].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}
