/**
 * Where one time series changed, and whether the change is real. The split is the one that best separates the
 * means (the t statistic of a mean shift, from prefix sums, O(n)); whether it counts is judged on medians and the
 * spread of the part before it, so a single spike neither creates a change nor hides one. Buckets without a value
 * (null) are skipped.
 */
export interface StepChange {
  /** Index of the first bucket after the change. */
  at: number;
  /** Medians of the values before and after. */
  before: number;
  after: number;
  /** The shift in units of the before part's robust spread. */
  z: number;
  /**
   * Share of the buckets after the change that lie beyond every-but-the-highest-tenth of the buckets before it (in
   * the direction of the change): near 1 for a step, about 0.1 for a series that only wobbles, however its median
   * happens to fall (coarse histograms make p95 jump between bucket bounds).
   */
  consistency: number;
}

export interface StepOptions {
  /** Fewest buckets on each side of a split. */
  minSide: number;
  /** Spread floor, so a perfectly flat series still needs a shift of this size to reach z. */
  minSpread: number;
}

export function stepChange(values: readonly (number | null)[], options: StepOptions): StepChange | null {
  const index: number[] = [];
  const xs: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) {
      index.push(i);
      xs.push(v);
    }
  });
  const n = xs.length;
  if (n < options.minSide * 2) return null;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + xs[i]!;
  let best = -1;
  let bestScore = 0;
  for (let k = options.minSide; k <= n - options.minSide; k++) {
    const meanBefore = prefix[k]! / k;
    const meanAfter = (prefix[n]! - prefix[k]!) / (n - k);
    const score = Math.abs(meanAfter - meanBefore) * Math.sqrt((k * (n - k)) / n);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  if (best < 0) return null;
  // Typed arrays sort numerically, and several times faster than an array with a comparator.
  const before = Float64Array.from(xs.slice(0, best)).sort();
  const after = Float64Array.from(xs.slice(best)).sort();
  const medianBefore = median(before);
  const medianAfter = median(after);
  const spread = Math.max(options.minSpread, 1.4826 * median(before.map((v) => Math.abs(v - medianBefore)).sort()));
  const rising = medianAfter >= medianBefore;
  const edge = rising ? before[Math.floor(0.9 * (before.length - 1))]! : before[Math.ceil(0.1 * (before.length - 1))]!;
  const beyond = after.filter((v) => (rising ? v > edge : v < edge)).length;
  return { at: index[best]!, before: medianBefore, after: medianAfter, z: (medianAfter - medianBefore) / spread, consistency: beyond / after.length };
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}
