import { latencyPercentiles } from '../../views/latency-stats.js';
import { msText } from '../detectors/finding-groups.js';
import type { ValueComparison, ValueStats } from './compare-types.js';

/** One request as the version comparison needs it. */
export interface ValueSample {
  value: string;
  durationNs: number;
  error: boolean;
}

/**
 * Any attribute's values side by side (service.version, deployment, region…): count, share, rate, error rate and
 * p50/p95/p99 per value, largest share first, with the change said in words against the most common value.
 */
export function compareValues(key: string, service: string | null, samples: Iterable<ValueSample>, windowNs: number): ValueComparison {
  const groups = new Map<string, { durations: number[]; errors: number }>();
  let total = 0;
  for (const s of samples) {
    let g = groups.get(s.value);
    if (g === undefined) {
      g = { durations: [], errors: 0 };
      groups.set(s.value, g);
    }
    g.durations.push(s.durationNs);
    if (s.error) g.errors++;
    total++;
  }
  const seconds = Math.max(windowNs, 1) / 1e9;
  const values: ValueStats[] = [...groups].map(([value, g]) => {
    const p = latencyPercentiles(Float64Array.from(g.durations));
    return {
      value,
      count: g.durations.length,
      share: g.durations.length / Math.max(1, total),
      rate: g.durations.length / seconds,
      errors: g.errors,
      errorRate: g.errors / g.durations.length,
      p50Ns: p.p50Ns ?? 0,
      p95Ns: p.p95Ns ?? 0,
      p99Ns: p.p99Ns ?? 0,
    };
  });
  values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { key, service, values, statement: changeInWords(key, service, values) };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The value that differs most from the most common one, in latency or errors, in one sentence. */
export function changeInWords(key: string, service: string | null, values: readonly ValueStats[]): string {
  const who = service ?? key;
  if (values.length === 0) return `No ${key} values in the window${service === null ? '' : ` for ${service}`}.`;
  const [base, ...others] = values;
  if (others.length === 0) return `${who}: one ${key} (${base!.value}) in the window: p95 ${msText(base!.p95Ns)}, ${pct(base!.errorRate)} errors.`;
  const score = (v: ValueStats) => Math.max(v.p95Ns / Math.max(1, base!.p95Ns), base!.p95Ns / Math.max(1, v.p95Ns)) + Math.abs(v.errorRate - base!.errorRate) * 10;
  const worst = [...others].sort((a, b) => score(b) - score(a))[0]!;
  const errorsDiffer = Math.abs(worst.errorRate - base!.errorRate) >= 0.02;
  const latency = `p95 ${msText(worst.p95Ns)} vs ${base!.value}: ${msText(base!.p95Ns)}`;
  const errors = errorsDiffer ? `, errors ${pct(worst.errorRate)} vs ${pct(base!.errorRate)}` : '';
  return `${who} ${worst.value}: ${latency}${errors}, ${pct(worst.share)} of requests.`;
}
