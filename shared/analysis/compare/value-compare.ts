import { latencyPercentiles } from '../../views/latency-stats.js';
import { msText } from '../detectors/finding-groups.js';
import type { ValueComparison, ValueStats } from './compare-types.js';

/** One request as the version comparison needs it. */
export interface ValueSample {
  value: string;
  /** Set when the key belongs to each service (serviceScopedKey): values are then compared within a service only. */
  service?: string;
  durationNs: number;
  error: boolean;
}

/**
 * Keys whose values mean something only within one service: "1.4.2" of ads and "1.4.2" of cart are different
 * releases, so across all services they are kept apart per service, never pooled.
 */
export function serviceScopedKey(key: string): boolean {
  return key === 'service.version' || key === 'service.instance.id';
}

/**
 * Any attribute's values side by side (service.version, deployment, region…): count, share, rate, error rate and
 * p50/p95/p99 per value, largest share first, with the change said in words against the most common value. Samples
 * carrying a service are grouped per service and value; the statement is then the biggest change within a service.
 */
export function compareValues(key: string, service: string | null, samples: Iterable<ValueSample>, windowNs: number): ValueComparison {
  const groups = new Map<string, { value: string; service: string | undefined; durations: number[]; errors: number }>();
  const totals = new Map<string | undefined, number>();
  for (const s of samples) {
    const id = s.service === undefined ? s.value : `${s.service}\u0000${s.value}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { value: s.value, service: s.service, durations: [], errors: 0 };
      groups.set(id, g);
    }
    g.durations.push(s.durationNs);
    if (s.error) g.errors++;
    totals.set(s.service, (totals.get(s.service) ?? 0) + 1);
  }
  const seconds = Math.max(windowNs, 1) / 1e9;
  const values: ValueStats[] = [...groups.values()].map((g) => {
    const p = latencyPercentiles(Float64Array.from(g.durations));
    return {
      value: g.value,
      ...(g.service === undefined ? {} : { service: g.service }),
      count: g.durations.length,
      // Within its service when values are kept per service: "26% of ads requests".
      share: g.durations.length / Math.max(1, totals.get(g.service) ?? 0),
      rate: g.durations.length / seconds,
      errors: g.errors,
      errorRate: g.errors / g.durations.length,
      p50Ns: p.p50Ns ?? 0,
      p95Ns: p.p95Ns ?? 0,
      p99Ns: p.p99Ns ?? 0,
    };
  });
  values.sort((a, b) => (a.service ?? '').localeCompare(b.service ?? '') || b.count - a.count || a.value.localeCompare(b.value));
  const perService = values.some((v) => v.service !== undefined);
  return { key, service, values, statement: perService ? biggestChangeWithin(key, values) : changeInWords(key, service, values) };
}

/** Per service, the change in words; the service whose values differ most is the one said. */
function biggestChangeWithin(key: string, values: readonly ValueStats[]): string {
  const byService = new Map<string, ValueStats[]>();
  for (const v of values) byService.set(v.service!, [...(byService.get(v.service!) ?? []), v]);
  const changing = [...byService].filter(([, list]) => list.length > 1);
  if (changing.length === 0) return `No service runs two ${key} values in the window (${byService.size} services, one each).`;
  const spread = (list: ValueStats[]) => Math.max(...list.map((v) => v.p95Ns)) / Math.max(1, Math.min(...list.map((v) => v.p95Ns))) + (Math.max(...list.map((v) => v.errorRate)) - Math.min(...list.map((v) => v.errorRate))) * 10;
  const [name, list] = changing.sort((a, b) => spread(b[1]) - spread(a[1]))[0]!;
  return changeInWords(key, name, list);
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
