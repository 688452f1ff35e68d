import { spanKey, type SpanSet } from './span-set.js';

/**
 * Did a caller drive the suspect harder? Requests to the suspect's service per minute, per operation above them in
 * their traces, before and after the onset; the operation whose rate rose most in proportion (at least twofold) and
 * that accounts for a good part of the rise is the cause, the suspect's slowness its effect.
 */
export interface TrafficRise {
  callerKey: string;
  beforePerMin: number;
  afterPerMin: number;
  /** The service's whole incoming rate, before and after. */
  totalBeforePerMin: number;
  totalAfterPerMin: number;
  /** Server spans of the suspect called by the caller after the onset. */
  spans: number[];
}

/** The parent, or at a consumer's root the producer span its message came from: surges travel through queues. */
function up(set: SpanSet, span: number): number {
  const p = set.parent[span]!;
  if (p !== -1 || set.traces[set.trace[span]!]!.root !== span) return p;
  const link = set.spans[span]!.links[0];
  return link ? (set.byId.get(link.spanId) ?? -1) : -1;
}

export function trafficRise(set: SpanSet, serverSpans: readonly number[], onset: number, from: number, to: number): TrafficRise | null {
  const beforeMin = (onset - from) / 60_000;
  const afterMin = (to - onset) / 60_000;
  if (beforeMin <= 0.5 || afterMin <= 0.5) return null;
  const counts = new Map<string, { before: number; after: number; spans: number[] }>();
  let totalBefore = 0;
  let totalAfter = 0;
  const paths: string[][] = [];
  for (const i of serverSpans) {
    const after = set.start[i]! >= onset;
    if (after) totalAfter++;
    else totalBefore++;
    // Every operation above the call (once each): the surge's source is one of them, perhaps several hops up.
    const seen = new Set<string>();
    const path: string[] = [];
    if (after) paths.push(path);
    for (let p = up(set, i); p !== -1; p = up(set, p)) {
      const s = set.spans[p]!;
      if (s.service === set.spans[i]!.service || s.kind === 'client' || s.kind === 'producer') continue;
      const key = spanKey(s);
      if (seen.has(key)) continue;
      seen.add(key);
      path.push(key);
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { before: 0, after: 0, spans: [] }));
      if (after) {
        c.after++;
        c.spans.push(i);
      } else c.before++;
    }
  }
  const rise = totalAfter / afterMin - totalBefore / beforeMin;
  if (rise <= 0 || totalAfter / afterMin < 1.3 * (totalBefore / beforeMin)) return null;
  const risen = new Map<string, number>();
  for (const [callerKey, c] of counts) {
    const b = c.before / beforeMin;
    const a = c.after / afterMin;
    const ratio = a / Math.max(b, 0.5 / beforeMin);
    if (c.after >= 10 && ratio >= 2 && a - b >= 0.3 * rise) risen.set(callerKey, ratio);
  }
  // Operations between the source and the suspect rose too; the source is the one not usually below another risen.
  const below = new Map<string, number>();
  for (const path of paths) {
    for (let k = 0; k < path.length; k++) {
      if (risen.has(path[k]!) && path.slice(k + 1).some((key) => risen.has(key))) below.set(path[k]!, (below.get(path[k]!) ?? 0) + 1);
    }
  }
  let best: (TrafficRise & { ratio: number }) | null = null;
  for (const [callerKey, ratio] of risen) {
    const c = counts.get(callerKey)!;
    if ((below.get(callerKey) ?? 0) > 0.5 * c.after) continue;
    const b = c.before / beforeMin;
    const a = c.after / afterMin;
    if (!best || ratio > best.ratio) {
      best = { callerKey, ratio, beforePerMin: b, afterPerMin: a, totalBeforePerMin: totalBefore / beforeMin, totalAfterPerMin: totalAfter / afterMin, spans: c.spans };
    }
  }
  return best;
}
