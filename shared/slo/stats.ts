/**
 * The two tests a canary verdict rests on, with their normal approximations (samples here are hundreds to millions of
 * requests, where both are accurate): Mann-Whitney U for "are the canary's latencies larger", and a two-proportion
 * z-test for "does the canary fail more often". One-sided: a rollback is called only on evidence of worse.
 */

/** Standard normal CDF, by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): plenty for p-values. */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface TestResult {
  statistic: number;
  z: number;
  /** One-sided: the probability of a difference at least this large in the tested direction by chance. */
  pValue: number;
}

/**
 * Mann-Whitney U of `candidate` against `baseline`, one-sided for "candidate larger", with the tie correction of the
 * variance. `statistic` is U of the candidate; U / (n1 n2) is the probability that a random candidate request is
 * slower than a random baseline one (0.5: no difference).
 */
export function mannWhitneyGreater(candidate: ArrayLike<number>, baseline: ArrayLike<number>): TestResult {
  const n1 = candidate.length;
  const n2 = baseline.length;
  if (n1 === 0 || n2 === 0) return { statistic: 0, z: 0, pValue: 1 };
  const all = new Float64Array(n1 + n2);
  const isCandidate = new Uint8Array(n1 + n2);
  for (let i = 0; i < n1; i++) {
    all[i] = candidate[i]!;
    isCandidate[i] = 1;
  }
  for (let j = 0; j < n2; j++) all[n1 + j] = baseline[j]!;
  const order = Array.from({ length: n1 + n2 }, (_, i) => i).sort((a, b) => all[a]! - all[b]!);
  let rankSum = 0;
  let tieTerm = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && all[order[j + 1]!] === all[order[i]!]) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tie group, 1-based
    const size = j - i + 1;
    tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if (isCandidate[order[k]!]) rankSum += rank;
    i = j + 1;
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { statistic: u, z: 0, pValue: 1 };
  // Continuity correction of ½ towards the mean.
  const z = (u - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance);
  return { statistic: u, z, pValue: 1 - normalCdf(z) };
}

/** One-sided two-proportion z-test for "the candidate's rate is higher" (pooled variance). */
export function proportionGreater(candidateHits: number, candidateN: number, baselineHits: number, baselineN: number): TestResult {
  if (candidateN === 0 || baselineN === 0) return { statistic: 0, z: 0, pValue: 1 };
  const p1 = candidateHits / candidateN;
  const p2 = baselineHits / baselineN;
  const pooled = (candidateHits + baselineHits) / (candidateN + baselineN);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / candidateN + 1 / baselineN));
  if (!(se > 0)) return { statistic: p1 - p2, z: 0, pValue: p1 > p2 ? 0 : 1 };
  const z = (p1 - p2) / se;
  return { statistic: p1 - p2, z, pValue: 1 - normalCdf(z) };
}

/**
 * Requests per group a two-proportion test needs to see a rise from `baseRate` to `baseRate + delta` at one-sided
 * α = 0.01 with 80% power: what "need ~200" in a verdict is worked out from.
 */
export function requestsNeededForRate(baseRate: number, delta: number): number {
  const zAlpha = 2.326;
  const zBeta = 0.842;
  const p2 = Math.min(0.999, baseRate + delta);
  const p1 = Math.max(0.0001, baseRate);
  const pBar = (p1 + p2) / 2;
  const n = (zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2;
  return Math.ceil(n);
}
