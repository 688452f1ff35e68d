import type { SpanSet } from './span-set.js';
import { distribution, mean } from './stats.js';
import type { Distribution } from './types.js';

/**
 * Does a deployment explain a suspect? A resource attribute of the suspect's service (service.version first, then
 * any other: a pod, a region, a feature flag set per deployment) whose value appeared at the onset, with that
 * value's requests slower or failing more than the rest's — "ads 2.0.0-canary: p95 553 ms vs 1.4.2: 277 ms".
 */
export interface VersionSplit {
  attribute: string;
  value: string;
  others: string[];
  metric: 'latency' | 'errors';
  inValue: Distribution;
  inOthers: Distribution;
  errorRate: { value: number; others: number };
  /** Share of the service's requests after the onset that the value served. */
  share: number;
  spans: number[];
}

const SKIP = new Set(['service.name', 'telemetry.sdk.name', 'telemetry.sdk.language', 'telemetry.sdk.version']);

export function versionSplit(set: SpanSet, serverSpans: readonly number[], metric: 'latency' | 'errors'): VersionSplit | null {
  if (serverSpans.length < 20) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const i of serverSpans) {
    first = Math.min(first, set.start[i]!);
    last = Math.max(last, set.start[i]!);
  }
  const after = serverSpans;
  const keys = new Set<string>();
  for (const i of after) for (const [k, v] of Object.entries(set.spans[i]!.resource)) if (typeof v === 'string' && !SKIP.has(k)) keys.add(k);
  let best: { split: VersionSplit; strength: number } | null = null;
  for (const attribute of [...keys].sort((a, b) => rankKey(a) - rankKey(b))) {
    const split = splitBy(set, after, attribute, metric, first + 0.1 * (last - first));
    if (!split) continue;
    if (attribute === 'service.version') return split.split;
    if (!best || split.strength > best.strength) best = split;
  }
  return best?.split ?? null;
}

function rankKey(key: string): number {
  return key === 'service.version' ? 0 : key.startsWith('service.') || key.startsWith('deployment.') ? 1 : 2;
}

/** `newAfter`: a value first seen after this (ms) arrived with a change; one there from the start did not. */
function splitBy(set: SpanSet, all: readonly number[], attribute: string, metric: 'latency' | 'errors', newAfter: number): { split: VersionSplit; strength: number } | null {
  const valueOf = (i: number): string => String(set.spans[i]!.resource[attribute] ?? '');
  const firstSeen = new Map<string, number>();
  const groups = new Map<string, number[]>();
  for (const i of all) {
    firstSeen.set(valueOf(i), Math.min(firstSeen.get(valueOf(i)) ?? Infinity, set.start[i]!));
    const v = valueOf(i);
    const g = groups.get(v);
    if (g) g.push(i);
    else groups.set(v, [i]);
  }
  if (groups.size < 2) return null;
  let best: { split: VersionSplit; strength: number } | null = null;
  for (const [value, spans] of groups) {
    // Only a value that arrived with the change: a pod that was there before is not a deployment. It is compared
    // with the other values' requests over the same time.
    const since = firstSeen.get(value)!;
    if (since <= newAfter || spans.length < 5) continue;
    const after = all.filter((i) => set.start[i]! >= since);
    const rest = after.filter((i) => valueOf(i) !== value);
    if (rest.length < 5) continue;
    const dur = (i: number) => set.local[i]!;
    const errRate = (list: readonly number[]) => list.filter((i) => set.error[i] === 1).length / list.length;
    const mv = mean(spans.map(dur));
    const mr = mean(rest.map(dur));
    const ev = errRate(spans);
    const er = errRate(rest);
    const strength = metric === 'latency' ? (mv >= 1.5 * mr && mv - mr >= 20 ? mv / Math.max(mr, 1e-3) : 0) : ev >= 3 * er + 0.02 && ev * spans.length >= 5 ? ev / Math.max(er, 1e-3) : 0;
    if (strength === 0 || (best && best.strength >= strength)) continue;
    best = {
      strength,
      split: {
        attribute,
        value,
        others: [...groups.keys()].filter((v) => v !== value).sort(),
        metric,
        inValue: distribution(spans.map(dur)),
        inOthers: distribution(rest.map(dur)),
        errorRate: { value: ev, others: er },
        share: spans.length / after.length,
        spans,
      },
    };
  }
  return best;
}
