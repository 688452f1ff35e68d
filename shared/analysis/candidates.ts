import { criticalByKey, errorOrigins, type Blame } from './blame.js';
import type { Segment, Unit } from './segments.js';
import type { SpanSet } from './span-set.js';
import { quantile, sortedOf } from './stats.js';

/**
 * Blames each bad request of a segment on service+operations, and subtracts what the reference part already
 * showed: an operation that was failing or slow before the onset at the same rate did not cause the change. With
 * no change (a steady segment) nothing is subtracted, and the reference is the fast requests.
 */
export interface Candidate {
  key: string;
  kind: 'error-origin' | 'latency';
  /** Bad requests blamed on it, and how many the reference part predicts. */
  explained: number;
  expected: number;
  change: boolean;
  /** Bad requests blamed on it, with the spans to highlight and a weight for ordering examples (worst first). */
  hits: { unit: Unit; spans: number[]; weight: number }[];
  /** Its critical time (ms) in the blamed requests, and in reference requests that have it. */
  badMs: number[];
  refMs: number[];
  segments: Segment[];
  /** Requests already counted: one that both failed and was slow is explained once. */
  seen: Set<number>;
}

export type MembersOf = (unit: Unit) => readonly number[];

export function blameSegment(set: SpanSet, segment: Segment, membersOf: MembersOf, into: Map<string, Candidate>): void {
  const change = segment.mode === 'change';
  const candidate = (key: string, kind: Candidate['kind']): Candidate => {
    const id = `${kind}\u0001${key}`;
    let c = into.get(id);
    if (!c) into.set(id, (c = { key, kind, explained: 0, expected: 0, change: false, hits: [], badMs: [], refMs: [], segments: [], seen: new Set() }));
    if (!c.segments.includes(segment)) c.segments.push(segment);
    return c;
  };
  const scale = segment.reference.length > 0 ? segment.incident.length / segment.reference.length : 0;

  if (segment.dimension === 'errors') {
    if (change) {
      for (const u of segment.reference) if (u.failed) for (const b of distinct(errorOrigins(set, membersOf(u), u.top))) candidate(b.key, b.kind).expected += scale;
    }
    for (const u of segment.incident) {
      if (!u.failed) continue;
      const blames = errorOrigins(set, membersOf(u), u.top);
      const byKey = new Map<string, Blame[]>();
      for (const b of blames) byKey.set(`${b.kind}\u0001${b.key}`, [...(byKey.get(`${b.kind}\u0001${b.key}`) ?? []), b]);
      for (const list of byKey.values()) {
        const c = candidate(list[0]!.key, list[0]!.kind);
        if (!c.seen.has(u.top)) c.explained++;
        c.seen.add(u.top);
        c.change ||= change;
        c.hits.push({ unit: u, spans: list.map((b) => b.span), weight: u.dur });
        // A timeout blamed on the callee: its time is latency evidence.
        if (c.kind === 'latency') c.badMs.push(Math.max(...list.map((b) => set.end[b.span]! - set.start[b.span]!)));
      }
    }
    return;
  }

  // Latency: each slow request goes to the operation whose critical time rose most, if that covers 30% of its
  // excess over the reference median.
  const refTimes = segment.reference.map((u) => criticalByKey(set, membersOf(u)));
  // Its usual time where it runs: an operation that is always slow where it is called has no excess, however slow.
  const refSum = new Map<string, { ms: number; n: number }>();
  for (const times of refTimes) {
    for (const [key, t] of times) {
      const sum = refSum.get(key);
      if (sum) {
        sum.ms += t.ms;
        sum.n++;
      } else refSum.set(key, { ms: t.ms, n: 1 });
    }
  }
  // Unless it now runs in more requests than it did (a new code path, a canary's extra step, or a reference that
  // already holds some of the change): then its usual time per request, absent or not, is the yardstick.
  const presentAfter = new Map<string, number>();
  for (const u of segment.incident) for (const key of criticalByKey(set, membersOf(u)).keys()) presentAfter.set(key, (presentAfter.get(key) ?? 0) + 1);
  const refN = Math.max(1, refTimes.length);
  const refMean = new Map<string, number>();
  for (const [key, sum] of refSum) {
    const rose = (presentAfter.get(key) ?? 0) / Math.max(1, segment.incident.length) >= 1.5 * (sum.n / refN);
    refMean.set(key, rose ? sum.ms / refN : sum.ms / sum.n);
  }
  const refMedian = quantile(sortedOf(segment.reference.map((u) => u.dur)), 0.5) || 0;
  const assign = (u: Unit, times: Map<string, { ms: number; spans: number[] }>) => {
    const excess = u.dur - refMedian;
    if (excess <= 0) return null;
    let best: string | null = null;
    let bestExcess = 0;
    for (const [key, t] of times) {
      const e = t.ms - (refMean.get(key) ?? 0);
      if (e > bestExcess) {
        bestExcess = e;
        best = key;
      }
    }
    return best !== null && bestExcess >= 0.3 * excess ? { key: best, excess: bestExcess } : null;
  };
  if (change) {
    segment.reference.forEach((u, k) => {
      if (!segment.isBad(u)) return;
      const a = assign(u, refTimes[k]!);
      if (a) candidate(a.key, 'latency').expected += scale;
    });
  }
  const touched = new Set<Candidate>();
  for (const u of segment.incident) {
    if (!segment.isBad(u)) continue;
    const times = criticalByKey(set, membersOf(u));
    const a = assign(u, times);
    if (!a) continue;
    const c = candidate(a.key, 'latency');
    const t = times.get(a.key)!;
    if (!c.seen.has(u.top)) c.explained++;
    c.seen.add(u.top);
    c.change ||= change;
    c.hits.push({ unit: u, spans: t.spans, weight: a.excess });
    c.badMs.push(t.ms);
    touched.add(c);
  }
  for (const c of touched) {
    for (const times of refTimes) {
      const t = times.get(c.key);
      if (t) c.refMs.push(t.ms);
    }
  }
}

function distinct(blames: readonly Blame[]): Blame[] {
  const seen = new Set<string>();
  return blames.filter((b) => {
    const id = `${b.kind}\u0001${b.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
