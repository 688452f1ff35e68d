import type { ServiceCharts, VersionMarker } from '../../../../shared/views/charts-types.js';
import type { CanaryReport } from '../../../../shared/slo/types.js';
import { formatZoned } from '../../lib/time-range.js';

/** Chart-ready series from the serviceCharts result. Times become epoch milliseconds (ECharts' time axis unit). */

const NS_PER_MS = 1_000_000n;

/** Epoch ns (decimal string) to epoch ms; exact to the millisecond, which is all an axis shows. */
export function nsToMs(ns: string | bigint): number {
  return Number(BigInt(ns) / NS_PER_MS);
}

/** Epoch ms (possibly fractional, from a brush) back to epoch ns as a decimal string. */
export function msToNs(ms: number): string {
  const whole = Math.floor(ms);
  const fraction = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * NS_PER_MS + BigInt(fraction)).toString();
}

export type Point = [timeMs: number, value: number | null];

export interface LatencySeries {
  p50: Point[];
  p95: Point[];
  p99: Point[];
}

/** The middle of a bucket (ms): points and bars sit there, over the heatmap column of the same bucket. */
function middleMs(startNs: string, bucketNs: number): number {
  return nsToMs(startNs) + bucketNs / 2e6;
}

/** The time axis extent (ms) of the charts: from the first bucket's start to the last one's end. */
export function axisExtentMs(charts: ServiceCharts): [number, number] | null {
  const first = charts.buckets[0];
  const last = charts.buckets[charts.buckets.length - 1];
  if (first === undefined || last === undefined) return null;
  return [nsToMs(first.startNs), nsToMs(last.startNs) + charts.bucketNs / 1e6];
}

/** Percentile lines in milliseconds; empty buckets are gaps (null), not zeros that would read as "fast". */
export function latencySeries(charts: ServiceCharts): LatencySeries {
  const at = (value: number | null) => (value === null ? null : value / 1e6);
  const x = (startNs: string) => middleMs(startNs, charts.bucketNs);
  return {
    p50: charts.buckets.map((b) => [x(b.startNs), at(b.p50Ns)]),
    p95: charts.buckets.map((b) => [x(b.startNs), at(b.p95Ns)]),
    p99: charts.buckets.map((b) => [x(b.startNs), at(b.p99Ns)]),
  };
}

export interface RateSeries {
  /** Requests per second in each bucket. */
  requests: Point[];
  /** Share of requests that failed, in percent; a gap where there were none. */
  errorPercent: Point[];
}

export function rateSeries(charts: ServiceCharts): RateSeries {
  const seconds = charts.bucketNs / 1e9;
  return {
    requests: charts.buckets.map((b) => [middleMs(b.startNs, charts.bucketNs), b.count / seconds]),
    errorPercent: charts.buckets.map((b) => [middleMs(b.startNs, charts.bucketNs), b.count === 0 ? null : (100 * b.errors) / b.count]),
  };
}

/** Version changes to mark: those first seen inside the charted window (an older version is no change here). */
export function visibleVersions(charts: ServiceCharts): (VersionMarker & { timeMs: number })[] {
  if (charts.startNs === null || charts.endNs === null) return [];
  const start = BigInt(charts.startNs);
  const end = BigInt(charts.endNs);
  return charts.versions
    .filter((v) => BigInt(v.firstNs) > start && BigInt(v.firstNs) <= end)
    .map((v) => ({ ...v, timeMs: nsToMs(v.firstNs) }));
}

/** "1 ms", "5.6 ms", "1.8 s": short labels for the heatmap's duration rows. */
export function formatDurationLabel(ns: number): string {
  const units: [number, string][] = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
  ];
  for (const [size, unit] of units) {
    if (ns >= size) return `${trim(ns / size)} ${unit}`;
  }
  return `${trim(ns)} ns`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
}

export interface HeatmapData {
  /** The bucket width (ms): each cell spans [start, start + bucketMs) on the shared time axis. */
  bucketMs: number;
  /** One label per duration row (its lower bound). */
  durationLabels: string[];
  /** [bucket start (ms), duration row, requests]. */
  cells: [number, number, number][];
  maxCount: number;
}

/** Cells placed by time, not by bucket index, so the heatmap shares the other charts' time axis to the pixel. */
export function heatmapData(charts: ServiceCharts): HeatmapData {
  const startsMs = charts.buckets.map((b) => nsToMs(b.startNs));
  return {
    bucketMs: charts.bucketNs / 1e6,
    durationLabels: charts.heatmap.durationBoundsNs.map(formatDurationLabel),
    cells: charts.heatmap.cells.map(([x, y, n]) => [startsMs[x] ?? 0, y, n]),
    maxCount: charts.heatmap.cells.reduce((max, [, , n]) => Math.max(max, n), 0),
  };
}

export interface HeatPiece {
  min: number;
  max: number;
  label: string;
}

/**
 * The heatmap's colour scale as numbered bands ("1–3", "4–10", …, up to the busiest cell), one per colour: a reader
 * can say how many requests a colour means. Bands grow geometrically, as request counts per cell do.
 */
export function heatPieces(maxCount: number, colours: number): HeatPiece[] {
  const top = Math.max(1, Math.ceil(maxCount));
  const bands = Math.max(1, Math.min(colours, top));
  const pieces: HeatPiece[] = [];
  let min = 1;
  for (let i = 1; i <= bands; i++) {
    const max = i === bands ? top : Math.max(min, Math.round(top ** (i / bands)));
    if (max < min) continue;
    pieces.push({ min, max, label: min === max ? `${min}` : `${min}–${max}` });
    min = max + 1;
    if (min > top) break;
  }
  return pieces;
}

/** A range brushed on a time axis (ms, either drag direction) as a window in ns; null for an empty drag. */
export function timeBrushWindow(range: [number, number]): { startNs: string; endNs: string } | null {
  const [a, b] = range[0] <= range[1] ? range : [range[1], range[0]];
  return b > a ? { startNs: msToNs(a), endNs: msToNs(b) } : null;
}

/**
 * A brushed range as a time window in ns. On a time axis the range is in ms; on the heatmap's category axis it is
 * bucket indexes, and the window runs from the first bucket's start to the last one's end.
 */
export function brushedWindow(range: [number, number], axis: 'time' | 'category', charts: ServiceCharts): { startNs: string; endNs: string } | null {
  if (axis === 'time') return timeBrushWindow(range);
  const [a, b] = range[0] <= range[1] ? range : [range[1], range[0]];
  const first = charts.buckets[Math.max(0, Math.round(a))];
  const last = charts.buckets[Math.min(charts.buckets.length - 1, Math.round(b))];
  if (first === undefined || last === undefined) return null;
  return { startNs: first.startNs, endNs: (BigInt(last.startNs) + BigInt(charts.bucketNs)).toString() };
}

export interface VersionImpact {
  version: string;
  /** Median over buckets of the bucket p95, before and after the version first appeared (ms). */
  beforeMs: number;
  afterMs: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * What the latest version change did to latency: the typical (median) bucket p95 before it against after it.
 * Null without a change in the window or without requests on both sides.
 */
export function versionImpact(charts: ServiceCharts): VersionImpact | null {
  const latest = visibleVersions(charts).at(-1);
  if (latest === undefined) return null;
  const at = BigInt(latest.firstNs);
  const width = BigInt(charts.bucketNs);
  const p95s = (side: 'before' | 'after') =>
    charts.buckets
      .filter((b) => b.p95Ns !== null && (side === 'before' ? BigInt(b.startNs) + width <= at : BigInt(b.startNs) >= at))
      .map((b) => b.p95Ns! / 1e6);
  const before = median(p95s('before'));
  const after = median(p95s('after'));
  return before === null || after === null ? null : { version: latest.version, beforeMs: before, afterMs: after };
}

/**
 * An axis tick label as precise as the window needs, in the workbench's zone: milliseconds for a few seconds,
 * seconds within an hour, minutes within a day, the date beyond.
 */
export function axisTimeLabel(ms: number, windowMs: number, timeZone: 'utc' | 'local'): string {
  const full = formatZoned(msToNs(ms), timeZone); // 2026-11-20 14:00:33.194
  if (windowMs < 10_000) return full.slice(11, 23);
  if (windowMs < 3_600_000) return full.slice(11, 19);
  if (windowMs < 86_400_000) return full.slice(11, 16);
  return full.slice(5, 16);
}

/** The canary verdict as words on each version's chart marker: which one to roll back, promote, or wait on. */
export function versionVerdicts(report: CanaryReport | null): Map<string, string> {
  const words = new Map<string, string>();
  if (report === null) return words;
  words.set(report.baseline, 'baseline');
  if (report.verdict === 'rollback' && report.candidate !== null) words.set(report.candidate, 'roll back');
  if (report.verdict === 'inconclusive' && report.candidate !== null) words.set(report.candidate, 'too early to tell');
  if (report.verdict === 'promote') for (const g of report.groups) if (g.value !== report.baseline) words.set(g.value, 'promote');
  return words;
}
