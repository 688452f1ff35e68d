import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import type { Db } from '../db/open-database.js';
import { RARE_MATCHES, correlatedLogs, logPageQuery } from './correlated-logs.js';
import { logHistogram } from './log-histogram.js';

const T = 'aa'.repeat(16);
const OTHER_TRACE = 'bb'.repeat(16);
const FRONTEND_SPAN = '1'.repeat(16);
const CART_SPAN = '2'.repeat(16);
const BASE = 1_700_000_000_000_000_000n;
const at = (ms: number) => (BASE + BigInt(ms) * 1_000_000n).toString();

function insertSpan(db: Db, spanId: string, service: string, startMs: number, endMs: number, parentId: string | null): void {
  db.prepare(
    `INSERT INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, resource_hash)
     VALUES (?, ?, 2, ?, ?, 'op', ?, ?, 'r')`,
  ).run(T, spanId, parentId, service, BigInt(at(startMs)), BigInt(at(endMs)));
}

let nextFingerprint = 1;
function insertLog(db: Db, ms: number, service: string, severity: number, body: string, traceId: string | null, spanId: string | null): number {
  const info = db
    .prepare(
      `INSERT INTO logs (time_ns, severity_number, severity_text, body, service, trace_id, span_id, resource_hash, fingerprint)
       VALUES (?, ?, '', ?, ?, ?, ?, 'r', ?)`,
    )
    .run(BigInt(at(ms)), severity, body, service, traceId, spanId, nextFingerprint++);
  db.prepare('INSERT INTO logs_fts (rowid, body) VALUES (?, ?)').run(info.lastInsertRowid, body);
  return Number(info.lastInsertRowid);
}

/**
 * A frontend request (span 1, 1000–9000 ms) calling cart (span 2, 2000–5000 ms), and logs around it: with both ids,
 * with only the trace id, with no ids inside and outside each service's part of the trace, and from elsewhere.
 */
function seed(db: Db) {
  db.prepare(`INSERT INTO resources (hash, attributes) VALUES ('r', '{"host.name":"pod-1"}')`).run();
  insertSpan(db, FRONTEND_SPAN, 'frontend', 1000, 9000, null);
  insertSpan(db, CART_SPAN, 'cart', 2000, 5000, FRONTEND_SPAN);
  return {
    frontendLog: insertLog(db, 1500, 'frontend', 9, 'handling GET /cart', T, FRONTEND_SPAN),
    cartError: insertLog(db, 2500, 'cart', 17, 'GetCart failed: connection refused\n  at Redis.get (redis.js:10)', T, CART_SPAN),
    cartTraceOnly: insertLog(db, 2600, 'cart', 13, 'retrying GetCart', T, null),
    cartNoIds: insertLog(db, 3000, 'cart', 13, 'connection pool exhausted', null, null),
    cartLater: insertLog(db, 6000, 'cart', 9, 'pool recovered', null, null),
    frontendNoIds: insertLog(db, 8000, 'frontend', 9, 'slow request warning getcart', null, null),
    otherTrace: insertLog(db, 2700, 'cart', 9, 'GetCart ok', OTHER_TRACE, '3'.repeat(16)),
    otherService: insertLog(db, 3000, 'payment', 9, 'charged card', null, null),
  };
}

describe('correlated logs on a real cache file', () => {
  let cache: ReturnType<typeof tempCache>;
  let ids: ReturnType<typeof seed>;
  beforeEach(() => {
    cache = tempCache();
    ids = seed(cache.db);
  });
  afterEach(() => cache.dispose());

  const summary = (page: ReturnType<typeof correlatedLogs>) => page.logs.map((l) => [l.id, l.correlation]);

  it("gives a span's logs: by its id, by trace id without span id, and by service and time without ids", () => {
    const page = correlatedLogs(cache.db, { traceId: T, spanId: CART_SPAN, limit: 50 });
    expect(page.order).toBe('time-asc');
    expect(summary(page)).toEqual([
      [ids.cartError, 'span'],
      [ids.cartTraceOnly, 'trace'],
      [ids.cartNoIds, 'service-time'],
    ]);
    expect(page.next).toBeNull();
  });

  it("gives a trace's logs, with id-less logs of each service only inside that service's part of the trace", () => {
    const page = correlatedLogs(cache.db, { traceId: T, limit: 50 });
    expect(summary(page)).toEqual([
      [ids.frontendLog, 'span'],
      [ids.cartError, 'span'],
      [ids.cartTraceOnly, 'trace'],
      [ids.cartNoIds, 'service-time'],
      [ids.frontendNoIds, 'service-time'],
    ]);
    expect(page.logs[0]!.resource).toEqual({ 'host.name': 'pod-1' });
  });

  it('still gives the logs carrying the ids when the span itself is not cached', () => {
    cache.db.prepare('DELETE FROM spans').run();
    expect(summary(correlatedLogs(cache.db, { traceId: T, spanId: CART_SPAN, limit: 50 }))).toEqual([[ids.cartError, 'span']]);
  });

  it("pages a service's logs newest first by keyset, the pages adding up to the whole list", () => {
    const all = correlatedLogs(cache.db, { service: 'cart', limit: 50 });
    expect(all.order).toBe('time-desc');
    expect(all.logs.map((l) => l.id)).toEqual([ids.cartLater, ids.cartNoIds, ids.otherTrace, ids.cartTraceOnly, ids.cartError]);
    const paged: number[] = [];
    let page = correlatedLogs(cache.db, { service: 'cart', limit: 2 });
    for (;;) {
      paged.push(...page.logs.map((l) => l.id));
      if (page.next === null) break;
      page = correlatedLogs(cache.db, { service: 'cart', limit: 2, after: page.next });
    }
    expect(paged).toEqual(all.logs.map((l) => l.id));
  });

  it('keeps rows with the same timestamp apart when a page boundary falls between them', () => {
    const twin = insertLog(cache.db, 3000, 'cart', 9, 'same instant', null, null);
    const first = correlatedLogs(cache.db, { service: 'cart', limit: 2 });
    const second = correlatedLogs(cache.db, { service: 'cart', limit: 2, after: first.next! });
    expect([...first.logs, ...second.logs].map((l) => l.id)).toEqual([ids.cartLater, twin, ids.cartNoIds, ids.otherTrace]);
  });

  it('filters by severity and by service within a window', () => {
    const errors = correlatedLogs(cache.db, { minSeverity: 17, limit: 50 });
    expect(errors.logs.map((l) => l.id)).toEqual([ids.cartError]);
    const window = correlatedLogs(cache.db, { service: 'cart', startNs: at(2550), endNs: at(3000), limit: 50 });
    expect(window.logs.map((l) => l.id)).toEqual([ids.cartNoIds, ids.otherTrace, ids.cartTraceOnly]);
  });

  it('searches a rare word newest first and returns where it matched, case-insensitively', () => {
    const page = correlatedLogs(cache.db, { text: 'getcart', limit: 50 });
    expect(page.order).toBe('time-desc');
    expect(page.logs.map((l) => l.id)).toEqual([ids.frontendNoIds, ids.otherTrace, ids.cartTraceOnly, ids.cartError]);
    const error = page.logs.find((l) => l.id === ids.cartError)!;
    expect(error.highlights.map(([s, e]) => error.body.slice(s, e))).toEqual(['GetCart']);
    const first = correlatedLogs(cache.db, { text: 'getcart', limit: 2 });
    const rest = correlatedLogs(cache.db, { text: 'getcart', limit: 2, after: first.next! });
    expect([...first.logs, ...rest.logs].map((l) => l.id)).toEqual(page.logs.map((l) => l.id));
  });

  it('searches a common word in storage order, newest stored first, paging through every match', () => {
    const heartbeats = Array.from({ length: RARE_MATCHES + 10 }, (_, i) => insertLog(cache.db, 10_000 - i, 'cart', 9, `heartbeat ${i}`, null, null));
    const first = correlatedLogs(cache.db, { text: 'HEARTBEAT', limit: 3000 });
    expect(first.order).toBe('ingest-desc');
    const rest = correlatedLogs(cache.db, { text: 'HEARTBEAT', limit: 3000, after: first.next! });
    expect(rest.next).toBeNull();
    expect([...first.logs, ...rest.logs].map((l) => l.id)).toEqual(heartbeats.reverse());
    expect(first.logs[0]!.highlights).toEqual([[0, 9]]);
    const histogram = logHistogram(cache.db, { text: 'heartbeat' }, 20);
    expect(histogram.total).toBe(RARE_MATCHES + 10);
    expect(histogram.truncated).toBe(false);
  });

  it("searches text within a trace's logs", () => {
    const page = correlatedLogs(cache.db, { traceId: T, text: 'GetCart', limit: 50 });
    expect(summary(page)).toEqual([
      [ids.cartError, 'span'],
      [ids.cartTraceOnly, 'trace'],
      [ids.frontendNoIds, 'service-time'],
    ]);
  });

  it('finds nothing, without an error, for text that has no searchable word', () => {
    expect(correlatedLogs(cache.db, { text: '"-*', limit: 10 }).logs).toEqual([]);
  });

  it('walks an index in order for a service page and FTS5 in rowid order for a common word: no sort of every match', () => {
    for (let i = 0; i < RARE_MATCHES; i++) insertLog(cache.db, 20_000 + i, i % 2 ? 'cart' : 'payment', 9, 'heartbeat', null, null);
    const plans = [{ service: 'cart' }, {}, { text: 'heartbeat' }, { text: 'heartbeat', service: 'cart' }].map((filter) => {
      const query = logPageQuery(cache.db, { ...filter, limit: 10 })!;
      const plan = cache.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as { detail: string }[];
      return plan.map((p) => p.detail).join(' | ');
    });
    // "FOR LAST TERM OF ORDER BY" (ordering ids within one timestamp) streams; a full "FOR ORDER BY" would not.
    for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    expect(plans[0]).toMatch(/logs_by_service_time_severity/);
    expect(plans[3]).toMatch(/^SCAN f VIRTUAL TABLE/);
  });
});

describe('log histogram on a real cache file', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => {
    cache = tempCache();
    seed(cache.db);
  });
  afterEach(() => cache.dispose());

  it('counts a service window per bucket and severity band, empty buckets included', () => {
    const histogram = logHistogram(cache.db, { service: 'cart', startNs: at(0), endNs: at(9999) }, 10);
    expect(histogram.bucketNs).toBe(1_000_000_000);
    expect(histogram.buckets).toHaveLength(10);
    expect(histogram.total).toBe(5);
    const bucket2 = histogram.buckets[2]!; // 2000–2999 ms: the error, the WARN retry and the other trace's INFO
    expect(bucket2.startNs).toBe(at(2000));
    expect(bucket2.counts).toEqual([0, 0, 0, 1, 1, 1, 0]);
    expect(histogram.buckets[0]!.counts.every((n) => n === 0)).toBe(true);
  });

  it("marks the span's interval and covers it whole when no window is given", () => {
    const histogram = logHistogram(cache.db, { traceId: T, spanId: CART_SPAN }, 100);
    expect(histogram.subject).toEqual({ startNs: at(2000), endNs: at(5000) });
    expect(histogram.startNs).toBe(at(2000));
    expect(histogram.endNs).toBe(at(5000));
    expect(histogram.total).toBe(3);
    expect(histogram.buckets.length).toBeLessThanOrEqual(100);
  });

  it('counts text matches and severity-filtered logs', () => {
    expect(logHistogram(cache.db, { text: 'getcart' }, 50).total).toBe(4);
    expect(logHistogram(cache.db, { minSeverity: 13 }, 50).total).toBe(3);
  });

  it('widens a window around a lone log to something an axis can label', () => {
    const histogram = logHistogram(cache.db, { service: 'payment' }, 50);
    expect(histogram.total).toBe(1);
    expect(BigInt(histogram.endNs!) - BigInt(histogram.startNs!)).toBe(20_000_000n);
    expect(BigInt(histogram.startNs!)).toBe(BigInt(at(3000)) - 10_000_000n);
  });

  it('is empty when nothing matches', () => {
    const histogram = logHistogram(cache.db, { service: 'nobody' }, 50);
    expect(histogram).toMatchObject({ total: 0, buckets: [], startNs: null });
  });
});
