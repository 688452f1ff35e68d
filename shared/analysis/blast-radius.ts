import { spanKey, splitKey, type SpanSet } from './span-set.js';
import type { BlastRadius, EntryImpact } from './types.js';

/**
 * Who felt the top suspects: the services above the blamed spans (through parents, and through span links from a
 * consumer back to the request that produced its message), every entry operation whose requests were hit with how
 * many of its requests there were, and the users and routes in those requests where the spans name them.
 */
const USER_KEYS = ['enduser.id', 'user.id', 'customer.id', 'app.user.id', 'app.customer.id'];
const ROUTE_KEYS = ['http.route', 'url.path'];

export function blastRadius(set: SpanSet, blamed: readonly number[], windowStartMs: number): BlastRadius {
  const services = new Set<string>();
  const traces = new Set<number>();
  const seen = new Set<number>();
  const stack = [...blamed];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    services.add(set.spans[i]!.service);
    traces.add(set.trace[i]!);
    const p = set.parent[i]!;
    if (p !== -1) stack.push(p);
    else for (const link of set.spans[i]!.links) {
      const producer = set.byId.get(link.spanId);
      if (producer !== undefined) stack.push(producer);
    }
  }

  const affected = new Map<string, number>();
  const routes = new Map<string, number>();
  const users = new Map<string, Set<string>>();
  for (const t of traces) {
    const entry = set.traces[t]!;
    if (entry.root !== -1) {
      const key = spanKey(set.spans[entry.root]!);
      affected.set(key, (affected.get(key) ?? 0) + 1);
      const attrs = set.spans[entry.root]!.attributes;
      const route = ROUTE_KEYS.map((k) => attrs[k]).find((v) => typeof v === 'string');
      if (typeof route === 'string') routes.set(route, (routes.get(route) ?? 0) + 1);
    }
    for (const i of entry.spans) {
      const attrs = set.spans[i]!.attributes;
      for (const k of USER_KEYS) {
        const v = attrs[k];
        if (typeof v !== 'string' && typeof v !== 'number') continue;
        let s = users.get(k);
        if (!s) users.set(k, (s = new Set()));
        s.add(String(v));
      }
    }
  }
  const totals = new Map<string, number>();
  for (const entry of set.traces) {
    if (entry.root === -1 || set.start[entry.root]! < windowStartMs) continue;
    const key = spanKey(set.spans[entry.root]!);
    if (affected.has(key)) totals.set(key, (totals.get(key) ?? 0) + 1);
  }
  const entryOperations: EntryImpact[] = [...affected]
    .map(([key, n]) => ({ ...splitKey(key), affected: n, total: Math.max(n, totals.get(key) ?? n) }))
    .map(({ service, operation, affected: a, total }) => ({ service, operation, affected: a, total }))
    .sort((a, b) => b.affected - a.affected || a.service.localeCompare(b.service));
  return {
    services: [...services].sort(),
    entryOperations,
    users: [...users].map(([key, values]) => ({ key, distinct: values.size })).sort((a, b) => b.distinct - a.distinct),
    routes: [...routes].map(([route, n]) => ({ route, affected: n })).sort((a, b) => b.affected - a.affected).slice(0, 10),
  };
}
