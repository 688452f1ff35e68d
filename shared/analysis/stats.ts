import type { Distribution } from './types.js';

/** Small statistics the ranking needs: quantiles, distributions in ns, a two-proportion z test. */

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at]!;
}

export function sortedOf(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Latency distribution of values given in ms, reported in ns as the result types say. */
export function distribution(ms: Iterable<number>): Distribution {
  const sorted = sortedOf(ms);
  const ns = (q: number) => Math.round(quantile(sorted, q) * 1e6) || 0;
  return { count: sorted.length, p50Ns: ns(0.5), p95Ns: ns(0.95), p99Ns: ns(0.99) };
}

/** z of "the second share is higher than the first" (pooled two-proportion test); 0 when either side is empty. */
export function proportionZ(hits1: number, n1: number, hits2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const p = (hits1 + hits2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return 0;
  return (hits2 / n2 - hits1 / n1) / se;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Most common first, ties by text, at most `limit`. */
export function topCounts(counts: ReadonlyMap<string, number>, limit: number): { text: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([text, count]) => ({ text, count }));
}
