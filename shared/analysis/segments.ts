import { proportionZ, quantile, sortedOf } from './stats.js';

/**
 * Where a symptom changed. An incident is a change: for each entry operation (or each span of the symptom), the
 * window's requests are split into a reference part and an incident part — the baseline window against the window
 * when one is given, else before and after the onset that best separates them — and only a significant rise in
 * failures or slow requests counts. With no change, a symptom can still be steady and notable (requests fail, or a
 * slow tail stands far from the median); then the reference is the fast requests, as the "structure of the
 * window's own traces".
 */
export interface Unit {
  /** The span the symptom is measured on (a trace's root, or a span of the symptom's service). */
  top: number;
  key: string;
  at: number;
  dur: number;
  failed: boolean;
  baseline: boolean;
}

export type Dimension = 'errors' | 'latency';

export interface Segment {
  key: string;
  dimension: Dimension;
  mode: 'change' | 'steady';
  reference: Unit[];
  incident: Unit[];
  isBad: (u: Unit) => boolean;
  /** Start of the incident part (ms, span-set time). */
  onset: number;
  /** Latency: requests above this (ms) are slow. */
  threshold: number;
}

const SPLITS = Array.from({ length: 15 }, (_, k) => 0.15 + 0.05 * k);
const MIN_BEFORE = 20;

/**
 * How far a change must stand out when `tested` series are searched for one (each at several onsets): the largest
 * of as many z scores drawn by chance alone is about sqrt(2 ln n). The fixed bars (3 and 4) hold for a system's
 * few dozen entry operations; a window of thousands raises them, or chance alone names a suspect in a healthy one.
 */
export function changeBar(base: number, tested: number): number {
  return Math.max(base, Math.sqrt(2 * Math.log(Math.max(1, tested) * SPLITS.length)));
}

export function errorSegment(key: string, units: readonly Unit[], tested = 1): Segment | null {
  const failed = (u: Unit) => u.failed;
  const split = bestSplit(units, (before, after) => {
    const z = proportionZ(count(before, failed), before.length, count(after, failed), after.length);
    const rise = count(after, failed) / after.length - count(before, failed) / before.length;
    // Few requests before the onset limit z: a large rise counts with less of it, and so does one that came with
    // a surge of the requests themselves (a new caller, a batch job): the surge is the change.
    if (count(after, failed) < 5 || rise < 0.01) return 0;
    if (rise >= 0.1 && surged(before, after)) return Math.max(z, 4);
    return rise >= 0.1 ? (z * 4) / 3 : z;
    // A failure rate needs fewer requests to estimate than a 90th percentile does.
  }, MIN_BEFORE / 2);
  if (split && split.score >= changeBar(split.baseline ? 3 : 4, tested)) {
    return { key, dimension: 'errors', mode: 'change', reference: split.before, incident: split.after, isBad: failed, onset: split.after[0]!.at, threshold: 0 };
  }
  const window = units.filter((u) => !u.baseline);
  const bad = count(window, failed);
  // Steady failures are a symptom when they are not rare: a few timeouts in a thousand requests are background.
  if (window.length === 0 || bad < Math.max(8, 0.03 * window.length)) return null;
  return { key, dimension: 'errors', mode: 'steady', reference: [], incident: window, isBad: failed, onset: window[0]!.at, threshold: 0 };
}

export function latencySegment(key: string, units: readonly Unit[], tested = 1): Segment | null {
  let threshold = 0;
  const split = bestSplit(units, (before, after) => {
    const thr = quantile(sortedOf(before.map((u) => u.dur)), 0.9);
    const slow = (u: Unit) => u.dur > thr;
    const hits = count(after, slow);
    const z = proportionZ(count(before, slow), before.length, hits, after.length);
    if (hits / after.length < 0.15 || hits < 5) return 0;
    if (hits / after.length >= 0.3 && surged(before, after)) return Math.max(z, 5);
    return hits / after.length >= 0.4 ? (z * 4) / 3 : z;
  });
  if (split && split.score >= changeBar(4, tested)) {
    threshold = quantile(sortedOf(split.before.map((u) => u.dur)), 0.9);
    return { key, dimension: 'latency', mode: 'change', reference: split.before, incident: split.after, isBad: (u) => u.dur > threshold, onset: split.after[0]!.at, threshold };
  }
  const window = units.filter((u) => !u.baseline);
  if (window.length < MIN_BEFORE) return null;
  const sorted = sortedOf(window.map((u) => u.dur));
  const p50 = quantile(sorted, 0.5);
  threshold = quantile(sorted, 0.9);
  const slow = window.filter((u) => u.dur > threshold);
  const slowMean = slow.reduce((s, u) => s + u.dur, 0) / Math.max(1, slow.length);
  // A tail three times the median is a pattern (a sleep, a cold path), not jitter.
  if (slow.length < 5 || slowMean < 3 * p50 || slowMean - p50 < 20) return null;
  const fast = window.filter((u) => u.dur <= p50);
  return { key, dimension: 'latency', mode: 'steady', reference: fast, incident: window, isBad: (u) => u.dur > threshold, onset: window[0]!.at, threshold };
}

interface Split {
  before: Unit[];
  after: Unit[];
  score: number;
  baseline: boolean;
}

/** With a baseline, the one split baseline | window; else the best of several onsets inside the window. */
function bestSplit(units: readonly Unit[], score: (before: Unit[], after: Unit[]) => number, minBefore = MIN_BEFORE): Split | null {
  const before = units.filter((u) => u.baseline);
  if (before.length > 0) {
    const after = units.filter((u) => !u.baseline);
    if (before.length < minBefore || after.length === 0) return null;
    return { before, after, score: score(before, after), baseline: true };
  }
  const sorted = [...units].sort((a, b) => a.at - b.at);
  const first = sorted[0]?.at ?? 0;
  const span = (sorted[sorted.length - 1]?.at ?? 0) - first;
  let best: Split | null = null;
  // Onsets are tried at even steps of time, not of request count: a surge crowds the late part with requests.
  for (const q of SPLITS) {
    const k = lowerBound(sorted, first + q * span);
    if (k < minBefore || sorted.length - k < 5) continue;
    const b = sorted.slice(0, k);
    const a = sorted.slice(k);
    const s = score(b, a);
    if (best === null || s > best.score) best = { before: b, after: a, score: s, baseline: false };
  }
  return best;
}

/** Requests per unit of time at least tripled across the split. */
function surged(before: readonly Unit[], after: readonly Unit[]): boolean {
  const rate = (list: readonly Unit[]) => list.length / Math.max(1, list[list.length - 1]!.at - list[0]!.at);
  return before.length >= 5 && rate(after) >= 3 * rate(before);
}

function lowerBound(sorted: readonly Unit[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function count(units: readonly Unit[], test: (u: Unit) => boolean): number {
  let n = 0;
  for (const u of units) if (test(u)) n++;
  return n;
}
