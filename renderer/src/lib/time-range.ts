import type { TimeRange, WorkbenchState } from '../../../shared/view-state.js';
import { formatTimestamp } from './format-timestamp.js';

/** The window every query takes: decimal epoch nanoseconds, either end open. */
export interface TimeWindow {
  startNs?: string;
  endNs?: string;
}

export const RELATIVE_PRESETS: readonly { label: string; lastMs: number }[] = [
  { label: 'Last 5 minutes', lastMs: 5 * 60_000 },
  { label: 'Last 15 minutes', lastMs: 15 * 60_000 },
  { label: 'Last 1 hour', lastMs: 3_600_000 },
  { label: 'Last 6 hours', lastMs: 6 * 3_600_000 },
  { label: 'Last 24 hours', lastMs: 24 * 3_600_000 },
  { label: 'Last 7 days', lastMs: 7 * 24 * 3_600_000 },
];

/** "The last 30 minutes of the cached data": for an incident cached days ago, where "the last hour" is empty. */
export const DATA_TAIL_PRESETS: readonly { label: string; lastMs: number }[] = [
  { label: 'Its last 5 minutes', lastMs: 5 * 60_000 },
  { label: 'Its last 15 minutes', lastMs: 15 * 60_000 },
  { label: 'Its last 30 minutes', lastMs: 30 * 60_000 },
  { label: 'Its last 1 hour', lastMs: 3_600_000 },
  { label: 'Its last 6 hours', lastMs: 6 * 3_600_000 },
];

/** When the cached data starts and ends. */
export interface CachedExtent {
  firstNs: bigint;
  lastNs: bigint;
}

const MS_NS = 1_000_000n;

/**
 * The last `lastMs` of the cached data as an absolute range, fixed when chosen: a link or a journal step shows the
 * same window later, whatever is imported meanwhile. Never starts before the data does.
 */
export function dataTail(extent: CachedExtent, lastMs: number): TimeRange {
  const start = extent.lastNs - BigInt(Math.floor(lastMs)) * MS_NS;
  return { kind: 'absolute', startNs: (start < extent.firstNs ? extent.firstNs : start).toString(), endNs: extent.lastNs.toString() };
}

/** The range as a query window; a relative range is measured back from `nowMs` (the caller's clock). */
export function resolveTimeRange(range: TimeRange, nowMs: number): TimeWindow {
  switch (range.kind) {
    case 'all':
      return {};
    case 'relative': {
      const end = BigInt(Math.floor(nowMs)) * MS_NS;
      const start = end - BigInt(Math.floor(range.lastMs)) * MS_NS;
      return { startNs: (start < 0n ? 0n : start).toString(), endNs: end.toString() };
    }
    case 'absolute':
      return { startNs: range.startNs, endNs: range.endNs };
  }
}

/** What the picker's button says. */
export function describeTimeRange(range: TimeRange, timeZone: WorkbenchState['timeZone']): string {
  switch (range.kind) {
    case 'all':
      return 'All cached data';
    case 'relative':
      return RELATIVE_PRESETS.find((preset) => preset.lastMs === range.lastMs)?.label ?? `Last ${Math.round(range.lastMs / 60_000)} minutes`;
    case 'absolute':
      return `${formatZoned(range.startNs, timeZone)} → ${formatZoned(range.endNs, timeZone)}`;
  }
}

/** A timestamp in the chosen zone, to the millisecond: "2026-11-20 09:30:04.531". */
export function formatZoned(ns: string | bigint, timeZone: WorkbenchState['timeZone']): string {
  if (timeZone === 'utc') return formatTimestamp(ns);
  const big = BigInt(ns);
  const date = new Date(Number(big / MS_NS));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

/**
 * Reads a typed date-time ("2026-11-20 09:30", "2026-11-20T09:30:04.5", seconds and fractions optional) in the
 * chosen zone as epoch nanoseconds; null when it is not one. Fractions keep up to nanosecond precision.
 */
export function parseZoned(text: string, timeZone: WorkbenchState['timeZone']): string | null {
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*$/.exec(text);
  if (match === null) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms =
    timeZone === 'utc' ? Date.UTC(year, month - 1, day, hour, minute, second) : new Date(year, month - 1, day, hour, minute, second).getTime();
  // Date rolls 2026-02-31 over into March: refuse a day that does not exist rather than move it.
  const check = new Date(ms);
  const checkDay = timeZone === 'utc' ? check.getUTCDate() : check.getDate();
  if (Number.isNaN(ms) || checkDay !== day || ms < 0) return null;
  const fraction = BigInt((match[7] ?? '').padEnd(9, '0'));
  return (BigInt(ms) * MS_NS + fraction).toString();
}
