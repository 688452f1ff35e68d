import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { countWithOperation, listTraces, searchTraces } from './trace-list.js';

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

describe('listTraces: totals, pages, sorts and duration bounds (demo incident, real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  let all: { trace_id: string; start_ns: bigint; duration: bigint; span_count: bigint; error_count: bigint }[];
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    all = cache.db
      .prepare('SELECT trace_id, start_ns, end_ns - start_ns AS duration, span_count, error_count FROM traces')
      .safeIntegers(true)
      .all() as typeof all;
  });
  afterAll(() => cache.dispose());

  it('says how many traces match beyond the page, and pages through all of them without overlap', () => {
    const first = listTraces(cache.db, { errorsOnly: false, limit: 200 });
    expect(all.length).toBeGreaterThan(200);
    expect(first.total).toBe(all.length);
    expect(first.traces).toHaveLength(200);
    const second = listTraces(cache.db, { errorsOnly: false, limit: 200, offset: 200 });
    expect(second.traces).toHaveLength(all.length - 200);
    const ids = [...first.traces, ...second.traces].map((t) => t.traceId);
    expect(new Set(ids).size).toBe(all.length);
  });

  it.each([
    ['duration', (t: (typeof all)[number]) => t.duration],
    ['spans', (t: (typeof all)[number]) => t.span_count],
    ['errors', (t: (typeof all)[number]) => t.error_count],
  ] as const)('sorts by %s, largest first, and smallest first when ascending', (sort, key) => {
    const desc = listTraces(cache.db, { errorsOnly: false, sort, limit: 1000 }).traces;
    const keys = desc.map((t) => key(all.find((a) => a.trace_id === t.traceId)!));
    expect(keys).toEqual([...keys].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0)));
    expect(keys[0]).toBe(all.map(key).reduce((a, b) => (b > a ? b : a)));
    const asc = listTraces(cache.db, { errorsOnly: false, sort, ascending: true, limit: 1 }).traces;
    expect(key(all.find((a) => a.trace_id === asc[0]!.traceId)!)).toBe(all.map(key).reduce((a, b) => (b < a ? b : a)));
  });

  it('keeps only traces within the duration bounds, and counts them', () => {
    const sorted = all.map((t) => t.duration).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const low = Number(sorted[Math.floor(sorted.length / 4)]!);
    const high = Number(sorted[Math.floor((sorted.length * 3) / 4)]!);
    const page = listTraces(cache.db, { errorsOnly: false, minDurationNs: low, maxDurationNs: high, limit: 1000 });
    const expected = all.filter((t) => t.duration >= BigInt(low) && t.duration <= BigInt(high));
    expect(page.total).toBe(expected.length);
    expect(page.traces.map((t) => t.traceId).sort()).toEqual(expected.map((t) => t.trace_id).sort());
  });

  it('combines an operation with a sort and a total', () => {
    const operation = (cache.db.prepare("SELECT name FROM spans WHERE service = 'discounts' LIMIT 1").pluck().get() as string);
    const withOp = new Set(cache.db.prepare('SELECT DISTINCT trace_id FROM spans WHERE name = ?').pluck().all(operation) as string[]);
    const page = listTraces(cache.db, { operation, errorsOnly: false, sort: 'duration', limit: 5 });
    expect(page.total).toBe(withOp.size);
    expect(page.traces.every((t) => withOp.has(t.traceId))).toBe(true);
    const longest = all.filter((t) => withOp.has(t.trace_id)).reduce((a, b) => (b.duration > a.duration ? b : a));
    expect(page.traces[0]!.durationNs).toBe(longest.duration.toString());
    expect(page.capped).toBe(false);
    // Counting stops at the cap (10,000 in the app), saying the total is a lower bound.
    expect(countWithOperation(cache.db, { operation, errorsOnly: false, limit: 5 }, 5)).toEqual({ total: 5, capped: true });
    const errors = countWithOperation(cache.db, { operation, errorsOnly: true, limit: 5 });
    expect(errors.total).toBe(all.filter((t) => withOp.has(t.trace_id) && t.error_count > 0n).length);
  });
});
