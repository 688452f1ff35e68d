import type { Symptom } from './types.js';
import type { Unit } from './segments.js';
import { spanKey, type SpanSet } from './span-set.js';

/**
 * The requests a symptom is measured on. For everything, errors or latency: each trace's root (an entry
 * operation, or a consumer's own trace). For a service (or one of its operations): the service's topmost spans in
 * each trace, i.e. where a request enters it. For an edge: the target's spans called from the source.
 */
export function unitsFor(set: SpanSet, symptom: Symptom, windowStartMs: number): Unit[] {
  const units: Unit[] = [];
  const add = (i: number) =>
    units.push({
      top: i,
      key: spanKey(set.spans[i]!),
      at: set.start[i]!,
      dur: set.end[i]! - set.start[i]!,
      failed: set.error[i] === 1,
      baseline: set.start[i]! < windowStartMs,
    });
  if (symptom.kind === 'any' || symptom.kind === 'errors' || symptom.kind === 'latency') {
    for (const t of set.traces) if (t.root !== -1) add(t.root);
    return units;
  }
  for (let i = 0; i < set.spans.length; i++) {
    const s = set.spans[i]!;
    const p = set.parent[i]!;
    if (symptom.kind === 'service') {
      if (s.service !== symptom.service || (symptom.operation !== undefined && s.name !== symptom.operation)) continue;
      if (symptom.operation === undefined && p !== -1 && set.spans[p]!.service === s.service) continue;
      add(i);
    } else {
      if (s.service !== symptom.target || p === -1) continue;
      const caller = set.spans[p]!;
      const callerService = caller.service === s.service && set.parent[p] !== -1 ? set.spans[set.parent[p]!]!.service : caller.service;
      if (callerService === symptom.source) add(i);
    }
  }
  return units;
}
