import { isObject } from '../../../shared/formats/values.js';
import { traceqlAttribute, type BrowsedTag, type BrowsedValue } from '../../../shared/query-fragments.js';
import type { SourceConnector, TimeWindow } from './connector.js';
import type { SourceHttpClient } from './http-client.js';
import { stringList } from './query-units.js';
import type { SourceError } from './source-error.js';

/** Scopes in the order a picker lists them: where a search usually starts first, then the rarer ones. */
const SCOPE_ORDER = ['resource', 'span', 'intrinsic', 'event', 'link', 'instrumentation'];

/**
 * Browsing Grafana Tempo's tags (FORMATS.md §4), as Grafana's TraceQL editor does: v2 `/api/v2/search/tags` names
 * each tag's scope (`{scopes: [{name, tags}]}`); Tempo without it (404) has the unscoped v1 `{tagNames}`. Values come
 * from `/api/v2/search/tag/<scope.tag>/values` — the path names the tag as TraceQL does, and the answer types each
 * value (`{tagValues: [{type, value}]}`) — or v1's plain strings for an unscoped tag. Every request covers the window
 * as `start`/`end` in unix seconds, which Tempo reads as 32-bit integers.
 */
export function tempoBrowse(http: SourceHttpClient, notTempo: (request: string, body: unknown) => SourceError): Required<Pick<SourceConnector, 'listTags' | 'listTagValues'>> {
  return {
    async listTags({ signal, window }) {
      const query = tagSearchSeconds(window);
      const v2 = await http.json('/api/v2/search/tags', { signal, query, passStatuses: [404] });
      if (v2.status !== 404) {
        const tags = scopedTagsOf(v2.body);
        if (tags === null) throw notTempo(v2.request, v2.body);
        return tags;
      }
      const v1 = await http.json('/api/search/tags', { signal, query });
      const names = isObject(v1.body) ? (v1.body.tagNames === undefined && isObject(v1.body.metrics) ? [] : stringList(v1.body.tagNames)) : null;
      if (names === null) throw notTempo(v1.request, v1.body);
      return [...new Set(names)].sort().map((name) => ({ name, scope: null }));
    },

    async listTagValues(tag, { signal, window }) {
      const query = tagSearchSeconds(window);
      if (tag.scope !== null) {
        const v2 = await http.json(`/api/v2/search/tag/${encodeURIComponent(traceqlAttribute(tag))}/values`, { signal, query, passStatuses: [404] });
        if (v2.status !== 404) {
          const values = typedValuesOf(v2.body);
          if (values === null) throw notTempo(v2.request, v2.body);
          return values;
        }
      }
      const v1 = await http.json(`/api/search/tag/${encodeURIComponent(tag.name)}/values`, { signal, query });
      const values = typedValuesOf(v1.body);
      if (values === null) throw notTempo(v1.request, v1.body);
      return values;
    },
  };
}

/** Tag searches take whole unix seconds (strconv.ParseInt(s, 10, 32)): start rounded down, end up, to cover the window. */
export function tagSearchSeconds(window: TimeWindow): { start: string; end: string } {
  return { start: (window.startNs / 1_000_000_000n).toString(), end: ((window.endNs + 999_999_999n) / 1_000_000_000n).toString() };
}

/**
 * `{scopes: [{name, tags}], metrics}` → tags by scope order, then name. gogo jsonpb leaves out an empty list, so a
 * scope may come without `tags` and an answer without `scopes`. Null when the body is not such an answer.
 */
export function scopedTagsOf(body: unknown): BrowsedTag[] | null {
  if (!isObject(body)) return null;
  if (body.scopes === undefined) return isObject(body.metrics) || Object.keys(body).length === 0 ? [] : null;
  if (!Array.isArray(body.scopes)) return null;
  const tags: BrowsedTag[] = [];
  for (const scope of body.scopes) {
    if (!isObject(scope) || typeof scope.name !== 'string' || !/^[a-z]+$/.test(scope.name)) return null;
    const names = scope.tags === undefined ? [] : stringList(scope.tags);
    if (names === null) return null;
    for (const name of names) tags.push({ name, scope: scope.name });
  }
  const rank = (scope: string | null) => (SCOPE_ORDER.includes(scope ?? '') ? SCOPE_ORDER.indexOf(scope ?? '') : SCOPE_ORDER.length);
  const unique = new Map(tags.map((t) => [`${t.scope}\u0000${t.name}`, t]));
  return [...unique.values()].sort((a, b) => rank(a.scope) - rank(b.scope) || (a.scope ?? '').localeCompare(b.scope ?? '') || a.name.localeCompare(b.name));
}

/**
 * `{tagValues: ["a", …]}` (v1, untyped) or `{tagValues: [{type, value}, …]}` (v2) → distinct values, numbers in
 * numeric order and the rest alphabetical. jsonpb leaves out an empty list. Null when the body is neither.
 */
export function typedValuesOf(body: unknown): BrowsedValue[] | null {
  if (!isObject(body)) return null;
  if (body.tagValues === undefined) return isObject(body.metrics) || Object.keys(body).length === 0 ? [] : null;
  if (!Array.isArray(body.tagValues)) return null;
  const values = new Map<string, BrowsedValue>();
  for (const item of body.tagValues) {
    const value: BrowsedValue | null =
      typeof item === 'string' ? { value: item, type: null } : isObject(item) && typeof item.value === 'string' ? { value: item.value, type: typeof item.type === 'string' ? item.type : null } : null;
    if (value === null) return null;
    values.set(`${value.type}\u0000${value.value}`, value);
  }
  const numeric = (v: BrowsedValue) => (v.type === 'int' || v.type === 'float' ? Number(v.value) : NaN);
  return [...values.values()].sort((a, b) => {
    const [x, y] = [numeric(a), numeric(b)];
    return !Number.isNaN(x) && !Number.isNaN(y) ? x - y : a.value.localeCompare(b.value);
  });
}
