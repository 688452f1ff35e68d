import { percentileOfSorted } from '../views/latency-stats.js';
import { mannWhitneyGreater, proportionGreater, requestsNeededForRate } from './stats.js';
import type { CanaryGroup, CanaryReport } from './types.js';

/** The requests of one value of the split (a service.version), as read from the cache. */
export interface SplitSample {
  value: string;
  /** Durations of the value's requests, ns. */
  durationsNs: Float64Array;
  errors: number;
  firstNs: bigint;
  /** Its slowest requests' trace ids, slowest first. */
  slowestTraceIds: string[];
}

export interface CanaryOptions {
  service: string;
  split: string;
  /** The value to compare the others with; by default the one that served first, unless it served far fewer. */
  baseline?: string;
  /** Per-SLO compliance per value, worked out by the caller (the verdict names a broken SLO). */
  slos?: CanaryReport['slos'];
}

/** Significance for a rollback, after splitting α over the candidates compared (Bonferroni). */
const ALPHA = 0.01;
/** A difference must also matter: a p95 at least this much slower, or an error rate this much higher. */
const MIN_LATENCY_RATIO = 1.1;
const MIN_ERROR_RISE = 0.005;
/** Fewest requests on each side before anything but "inconclusive" is said. */
const MIN_REQUESTS = 30;

export class CanaryUsageError extends Error {
  constructor(
    message: string,
    /** True when the split has fewer than two values: nothing to compare, rather than a wrong question. */
    readonly tooFewValues = false,
  ) {
    super(message);
  }
}

/**
 * A verdict on a canary: each value of the split against the baseline with Mann-Whitney U on latency and a
 * two-proportion test on errors; "rollback" when some value is significantly and materially worse (or breaks an SLO
 * the baseline keeps), "promote" when every value has enough requests and none is worse, "inconclusive" otherwise,
 * saying how many requests are missing.
 */
export function canaryVerdict(samples: SplitSample[], options: CanaryOptions): CanaryReport {
  if (samples.length < 2) {
    throw new CanaryUsageError(
      `${options.service} has ${samples.length === 0 ? 'no requests' : `one ${options.split} (${samples[0]!.value})`} in this window: a canary needs two or more`,
      true,
    );
  }
  const total = samples.reduce((n, s) => n + s.durationsNs.length, 0);
  const baseline = pickBaseline(samples, options.baseline, options.split);
  const sorted = new Map(samples.map((s) => [s.value, Float64Array.from(s.durationsNs).sort()]));
  const base = sorted.get(baseline.value)!;
  const baseRate = baseline.errors / Math.max(1, baseline.durationsNs.length);
  const alpha = ALPHA / (samples.length - 1);

  const groups: CanaryGroup[] = samples.map((s) => {
    const mine = sorted.get(s.value)!;
    const isBase = s === baseline;
    const latency = isBase ? null : mannWhitneyGreater(mine, base).pValue;
    const errors = isBase ? null : proportionGreater(s.errors, mine.length, baseline.errors, base.length).pValue;
    return {
      value: s.value,
      requests: mine.length,
      share: mine.length / total,
      errorRate: s.errors / Math.max(1, mine.length),
      p50Ns: String(percentileOfSorted(mine, 0.5) ?? 0),
      p95Ns: String(percentileOfSorted(mine, 0.95) ?? 0),
      p99Ns: String(percentileOfSorted(mine, 0.99) ?? 0),
      pValue: latency === null || errors === null ? null : Math.min(latency, errors),
      latencyPValue: latency,
      errorPValue: errors,
      firstNs: s.firstNs.toString(),
    };
  });
  const baseGroup = groups.find((g) => g.value === baseline.value)!;
  const candidates = groups.filter((g) => g !== baseGroup);
  const enough = (g: CanaryGroup) => g.requests >= MIN_REQUESTS && baseGroup.requests >= MIN_REQUESTS;
  const slower = (g: CanaryGroup) =>
    enough(g) && g.latencyPValue! < alpha && Number(g.p95Ns) >= Number(baseGroup.p95Ns) * MIN_LATENCY_RATIO;
  const failsMore = (g: CanaryGroup) => enough(g) && g.errorPValue! < alpha && g.errorRate - baseGroup.errorRate >= MIN_ERROR_RISE;
  const brokenSlo = (g: CanaryGroup) =>
    (options.slos ?? []).find((slo) => {
      const mine = slo.compliance[g.value];
      const theirs = slo.compliance[baseGroup.value];
      return mine != null && mine < slo.target && (theirs == null || theirs >= slo.target);
    });
  const worst = candidates
    .filter((g) => slower(g) || failsMore(g))
    .sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1))[0];
  const worstSample = worst && samples.find((s) => s.value === worst.value);
  const base3 = `${baseGroup.requests.toLocaleString('en-US')}`;

  if (worst !== undefined) {
    const slo = brokenSlo(worst);
    const latencyWorse = slower(worst);
    const figure = latencyWorse
      ? `p99 ${ms(worst.p99Ns)} vs ${ms(baseGroup.p99Ns)}, p95 ${ms(worst.p95Ns)} vs ${ms(baseGroup.p95Ns)}`
      : `errors ${pct(worst.errorRate)} vs ${pct(baseGroup.errorRate)}`;
    const what = slo !== undefined ? `breaks ${slo.name} that ${baseline.value} keeps` : latencyWorse ? `is slower than ${baseline.value}` : `fails more often than ${baseline.value}`;
    return report('rollback', `${worst.value} ${what} (${figure}, ${pText(worst.pValue!)}, ${worst.requests.toLocaleString('en-US')} vs ${base3} requests): roll back`, worstSample?.slowestTraceIds ?? [], worst.value);
  }
  const short = candidates.filter((g) => !enough(g) || !significantEnough(g, baseGroup, baseRate));
  if (short.length > 0) {
    const g = short.sort((a, b) => a.requests - b.requests)[0]!;
    const need = Math.max(MIN_REQUESTS, requestsNeededForRate(baseRate, Math.max(0.02, baseRate)));
    return report(
      'inconclusive',
      `no significant difference yet: ${g.requests.toLocaleString('en-US')} requests on ${g.value} (${base3} on ${baseline.value}), need ~${need.toLocaleString('en-US')}`,
      [],
      g.value,
    );
  }
  const list = candidates.map((g) => `${g.value} p95 ${ms(g.p95Ns)}, errors ${pct(g.errorRate)}`).join('; ');
  return report('promote', `${list} — no worse than ${baseline.value} (p95 ${ms(baseGroup.p95Ns)}, errors ${pct(baseGroup.errorRate)}): promote`, []);

  function report(verdict: CanaryReport['verdict'], statement: string, worstTraceIds: string[], candidate: string | null = null): CanaryReport {
    // A typical baseline request to diff against needs the traces' shapes: the caller that reads them fills it in.
    return { service: options.service, split: options.split, baseline: baseline.value, groups, verdict, statement, slos: options.slos ?? [], worstTraceIds, baselineTraceId: null, candidate };
  }
}

/** Enough requests that a real 2-point rise in errors would have shown (80% power): then "no difference" means it. */
function significantEnough(g: CanaryGroup, base: CanaryGroup, baseRate: number): boolean {
  const need = requestsNeededForRate(baseRate, Math.max(0.02, baseRate));
  return g.requests >= need && base.requests >= need;
}

function pickBaseline(samples: SplitSample[], wanted: string | undefined, split: string): SplitSample {
  if (wanted !== undefined) {
    const found = samples.find((s) => s.value === wanted);
    if (found === undefined) throw new CanaryUsageError(`no ${split} "${wanted}" in this window; there are: ${samples.map((s) => s.value).join(', ')}`);
    return found;
  }
  const byFirst = [...samples].sort((a, b) => (a.firstNs < b.firstNs ? -1 : a.firstNs > b.firstNs ? 1 : 0));
  const busiest = [...samples].sort((a, b) => b.durationsNs.length - a.durationsNs.length)[0]!;
  // The version that served first is the one being replaced, unless it served only a trickle here.
  return byFirst[0]!.durationsNs.length * 5 >= busiest.durationsNs.length ? byFirst[0]! : busiest;
}

function ms(ns: string): string {
  const v = Number(ns) / 1e6;
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`;
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)}%`;
}

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}
