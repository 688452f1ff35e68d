import { isObject } from '../../../shared/formats/values.js';
import type { Dependency } from './connector.js';
import type { SourceHttpClient } from './http-client.js';

/**
 * The `[{parent, child, callCount, errorCount?}]` list of Jaeger's /api/dependencies `data` and Zipkin's
 * /api/v2/dependencies (FORMATS.md §1, §5), checked link by link: a link without names or with a count that is not a
 * whole number fails the pull (naming the link and field) rather than caching an edge called "undefined".
 */
export function dependencyLinks(
  list: readonly unknown[],
  request: string,
  http: Pick<SourceHttpClient, 'error'>,
  /** What a link without errorCount means: 0 for Zipkin (it leaves zero counts out), unknown (null) for Jaeger. */
  absentErrors: 0 | null,
): Dependency[] {
  return list.map((link, i) => {
    const bad = (field: string, expected: string, got: unknown) =>
      http.error('response', request, `dependency link [${i}]${field}: expected ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`);
    if (!isObject(link)) throw bad('', 'an object', link);
    const name = (field: 'parent' | 'child') => {
      const value = link[field];
      if (typeof value !== 'string' || value === '') throw bad(`.${field}`, 'a service name', value);
      return value;
    };
    const count = (field: 'callCount' | 'errorCount', absent: 0 | null) => {
      const value = link[field];
      // Zipkin's encoder writes a count only when it is above zero.
      if (value === undefined || value === null) return absent;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw bad(`.${field}`, 'a whole number ≥ 0', value);
      return value;
    };
    return { parent: name('parent'), child: name('child'), callCount: count('callCount', 0)!, errorCount: count('errorCount', absentErrors) };
  });
}
