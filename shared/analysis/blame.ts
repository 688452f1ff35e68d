import { spanKey, type SpanSet } from './span-set.js';

/**
 * What one request's trouble points at. Errors: the deepest spans in error whose own children succeeded (spans
 * above them merely propagate), except a caller that gave up while its callee was still working — a timeout is the
 * callee's latency, so it is blamed on the span that used the most own time under that callee. Latency: each
 * service+operation's own time in spans on the critical path.
 */
export interface Blame {
  key: string;
  kind: 'error-origin' | 'latency';
  span: number;
}

/** Children of each member, for walks inside one request. */
export function childMap(set: SpanSet, members: readonly number[]): Map<number, number[]> {
  const inside = new Set(members);
  const children = new Map<number, number[]>();
  for (const i of members) {
    const p = set.parent[i]!;
    if (p === -1 || !inside.has(p)) continue;
    const list = children.get(p);
    if (list) list.push(i);
    else children.set(p, [i]);
  }
  return children;
}

const TIMEOUT_SLACK_MS = 0.5;

/** Origins of the failure of `top`: only errors whose chain of failed spans reaches it (a caller that coped broke it). */
export function errorOrigins(set: SpanSet, members: readonly number[], top: number): Blame[] {
  const children = childMap(set, members);
  const out: Blame[] = [];
  for (const i of members) {
    if (set.error[i] === 0 || !failsUpTo(set, i, top)) continue;
    const kids = children.get(i) ?? [];
    if (kids.some((c) => set.error[c] === 1)) continue;
    const outlived = kids.find((c) => set.end[c]! >= set.end[i]! - TIMEOUT_SLACK_MS && set.end[c]! - set.start[c]! > 1);
    if (outlived !== undefined) {
      const slowest = busiest(set, outlived, children);
      out.push({ key: spanKey(set.spans[slowest]!), kind: 'latency', span: slowest });
    } else {
      out.push({ key: spanKey(set.spans[i]!), kind: 'error-origin', span: i });
    }
  }
  return out;
}

function failsUpTo(set: SpanSet, span: number, top: number): boolean {
  for (let i = span; i !== top; i = set.parent[i]!) if (i === -1 || set.error[i] === 0) return false;
  return set.error[top] === 1;
}

/** The span under `top` (itself included) with the most critical time, by its own work past the caller's end too. */
function busiest(set: SpanSet, top: number, children: ReadonlyMap<number, number[]>): number {
  let best = top;
  let bestTime = -1;
  const stack = [top];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const kids = children.get(i) ?? [];
    let covered = 0;
    for (const c of kids) covered += Math.max(0, Math.min(set.end[c]!, set.end[i]!) - Math.max(set.start[c]!, set.start[i]!));
    const own = set.end[i]! - set.start[i]! - covered;
    if (own > bestTime) {
      bestTime = own;
      best = i;
    }
    stack.push(...kids);
  }
  return best;
}

/** Critical-path time per service+operation in one request, with the spans that carry it. */
export function criticalByKey(set: SpanSet, members: readonly number[]): Map<string, { ms: number; spans: number[] }> {
  const out = new Map<string, { ms: number; spans: number[] }>();
  for (const i of members) {
    // Own time of the spans on the critical path. Not the critical sections themselves: with concurrent children
    // the walk (Jaeger's) skips a child that ends after its sibling starts and books that wait as the parent's own
    // time, which would blame an entry point for its callees.
    if (set.critical[i]! <= 0) continue;
    const ms = set.self[i]!;
    const key = spanKey(set.spans[i]!);
    const entry = out.get(key);
    if (entry) {
      entry.ms += ms;
      entry.spans.push(i);
    } else out.set(key, { ms, spans: [i] });
  }
  return out;
}
