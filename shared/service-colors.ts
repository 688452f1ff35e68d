import { fnv1a32 } from './fnv1a.js';

/**
 * One colour per service, the same in every view (graph, waterfall, charts, lists) and on every run, and distinct
 * between the services of one cache: a reader learns "orange is payment" once. Each service prefers the palette
 * slot its name hashes to (FNV-1a), so it keeps its colour as other services come and go; when two names want one
 * slot the later name (by sort order) takes the next free one. Past the palette, hues step by the golden angle.
 */

/** Well separated in hue and readable on both themes; no red, which marks errors everywhere. */
export const SERVICE_PALETTE = [
  '#5b9cf5', // blue
  '#f2a33a', // orange
  '#56b881', // green
  '#c774e8', // purple
  '#3cbcc4', // teal
  '#d9c94a', // yellow
  '#e68ac2', // pink
  '#b59a7a', // brown
  '#8da0b6', // slate
  '#a7d65a', // lime
] as const;


/** The colour a name prefers: what a service not (yet) in the cache is drawn with. */
export function preferredServiceColor(name: string): string {
  return SERVICE_PALETTE[fnv1a32(name) % SERVICE_PALETTE.length]!;
}

/**
 * Colours for every service given, no two alike while the palette lasts. `previous` (what this profile drew
 * before) is kept where it still fits, so importing new services does not repaint the ones a reader already knows.
 */
export function assignServiceColors(services: readonly string[], previous: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const names = [...new Set(services)].sort();
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  // Known services first, in their old colours (a palette colour held twice is given to the first name only).
  for (const name of names) {
    const slot = SERVICE_PALETTE.indexOf(previous.get(name) as (typeof SERVICE_PALETTE)[number]);
    if (slot >= 0 && !taken.has(slot)) {
      taken.add(slot);
      colors.set(name, SERVICE_PALETTE[slot]!);
    }
  }
  let extra = 0;
  for (const name of names) {
    if (colors.has(name)) continue;
    if (taken.size < SERVICE_PALETTE.length) {
      let slot = fnv1a32(name) % SERVICE_PALETTE.length;
      while (taken.has(slot)) slot = (slot + 1) % SERVICE_PALETTE.length;
      taken.add(slot);
      colors.set(name, SERVICE_PALETTE[slot]!);
    } else {
      colors.set(name, extraColor(extra++));
    }
  }
  return colors;
}

/** Past the palette: hues a golden angle apart, starting at blue and skipping the reds that mean "error". */
function extraColor(n: number): string {
  let hue = (200 + n * 137.508) % 360;
  if (hue > 340 || hue < 20) hue = (hue + 40) % 360;
  return `hsl(${Math.round(hue)}, 55%, ${n % 2 === 0 ? 62 : 48}%)`;
}
