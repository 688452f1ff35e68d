import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { searchTraces } from './traces.js';

interface SpanFacts {
  trace_id: string;
  service: string;
  name: string;
  start_ns: bigint;
  errors: bigint;
}

describe('searchTraces by operation on the demo incident (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  let spans: SpanFacts[];
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    spans = cache.db
      .prepare('SELECT s.trace_id, s.service, s.name, s.start_ns, t.error_count AS errors FROM spans s JOIN traces t USING (trace_id)')
      .safeIntegers(true)
      .all() as SpanFacts[];
  });
  afterAll(() => cache.dispose());

  /** The answer worked out the slow way: traces by their newest matching span, newest first. */
  function expected(match: (s: SpanFacts) => boolean, limit: number, errorsOnly = false): string[] {
    const newest = new Map<string, bigint>();
    for (const s of spans) {
      if (!match(s) || (errorsOnly && s.errors === 0n)) continue;
      const at = newest.get(s.trace_id);
      if (at === undefined || s.start_ns > at) newest.set(s.trace_id, s.start_ns);
    }
    return [...newest].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).slice(0, limit).map(([id]) => id);
  }

  it('keeps the traces where the service ran that operation, newest first', () => {
    const { name: operation } = spans.find((s) => s.service === 'discounts')!;
    const found = searchTraces(cache.db, { service: 'discounts', operation, errorsOnly: false, limit: 25 });
    expect(found.length).toBe(25);
    expect(found.map((t) => t.traceId)).toEqual(expected((s) => s.service === 'discounts' && s.name === operation, 25));
  });

  it('finds an operation across services, and only erroring traces when asked', () => {
    const erroring = spans.find((s) => s.errors > 0n && s.service === 'cart')!;
    const found = searchTraces(cache.db, { operation: erroring.name, errorsOnly: true, limit: 10 });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((t) => t.errorCount > 0)).toBe(true);
    expect(found.map((t) => t.traceId)).toEqual(expected((s) => s.name === erroring.name, 10, true));
  });

  it('finds nothing for an operation the service does not have', () => {
    const operation = spans.find((s) => s.service === 'payment')!.name;
    const sameName = spans.some((s) => s.service === 'ads' && s.name === operation);
    expect(sameName).toBe(false);
    expect(searchTraces(cache.db, { service: 'ads', operation, errorsOnly: false, limit: 10 })).toEqual([]);
  });
});
