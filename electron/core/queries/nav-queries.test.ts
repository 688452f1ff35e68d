import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import type { AttrValue } from '../../../shared/model.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { attributeKeys } from './attribute-keys.js';
import { logsByAttribute } from './attribute-logs.js';
import { groupTracesByAttribute, tracesByAttribute } from './attribute-traces.js';
import { resolveQuery } from './nav-resolve.js';

const MS = 1_000_000;

interface SpanFacts {
  traceId: string;
  spanId: string;
  service: string;
  attributes: Record<string, AttrValue>;
  resource: Record<string, AttrValue>;
}

/** As the UI shows a value (renderer/src/lib/attribute-value.ts). */
const shown = (value: AttrValue) => (typeof value === 'string' ? value : JSON.stringify(value));

describe('navigation queries on the demo incident (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  let spans: SpanFacts[];
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    // The expected answers are worked out here the slow way, from every span's parsed JSON.
    const rows = cache.db
      .prepare('SELECT s.trace_id, s.span_id, s.service, s.attributes, r.attributes AS resource FROM spans s JOIN resources r ON r.hash = s.resource_hash')
      .all() as { trace_id: string; span_id: string; service: string; attributes: string; resource: string }[];
    spans = rows.map((row) => ({
      traceId: row.trace_id,
      spanId: row.span_id,
      service: row.service,
      attributes: JSON.parse(row.attributes) as Record<string, AttrValue>,
      resource: JSON.parse(row.resource) as Record<string, AttrValue>,
    }));
  });
  afterAll(() => cache.dispose());

  const tracesWith = (key: string, value: string) =>
    new Set(
      spans
        .filter((s) => {
          const own = s.attributes[key];
          const v = own ?? s.resource[key];
          return v !== undefined && shown(v) === value;
        })
        .map((s) => s.traceId),
    );

  describe('tracesByAttribute', () => {
    it.each([
      ['service.version', '2.0.0-canary'],
      ['app.customer.id', 'c-46476'],
      ['http.response.status_code', '500'],
      ['rpc.grpc.status_code', '2'],
      ['server.port', '443'],
      ['host.name', 'cart-6b9c8d7f5-4hw9n'],
    ])('finds exactly the traces whose spans or resources have %s = %s, newest first', (key, value) => {
      const expected = tracesWith(key, value);
      expect(expected.size).toBeGreaterThan(0);
      const page = tracesByAttribute(cache.db, { key, value, limit: 10_000 });
      expect(new Set(page.traces.map((t) => t.traceId))).toEqual(expected);
      expect(page.more).toBe(false);
      const starts = page.traces.map((t) => BigInt(t.startNs));
      expect(starts).toEqual([...starts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    });

    it('stops at the limit and says there is more', () => {
      const page = tracesByAttribute(cache.db, { key: 'service.namespace', value: 'shop', limit: 3 });
      expect(page.traces).toHaveLength(3);
      expect(page.more).toBe(true);
    });

    it('honours the time window and finds nothing for an absent value or key', () => {
      const all = tracesByAttribute(cache.db, { key: 'service.version', value: '2.0.0-canary', limit: 10_000 }).traces;
      const newest = all[0]!;
      const windowed = tracesByAttribute(cache.db, { key: 'service.version', value: '2.0.0-canary', limit: 10_000, startNs: newest.startNs });
      expect(windowed.traces.map((t) => t.traceId)).toEqual([newest.traceId]);
      expect(tracesByAttribute(cache.db, { key: 'service.version', value: '9.9.9', limit: 10 }).traces).toEqual([]);
      expect(tracesByAttribute(cache.db, { key: 'no.such"key', value: 'x', limit: 10 }).traces).toEqual([]);
    });
  });

  describe('groupTracesByAttribute', () => {
    it('separates the ads canary from v1 by service.version, with a much higher p95', () => {
      const page = groupTracesByAttribute(cache.db, { key: 'service.version', service: 'ads', limit: 50 });
      expect(page.groups.map((g) => g.value).sort()).toEqual(['1.4.2', '2.0.0-canary']);
      const v1 = page.groups.find((g) => g.value === '1.4.2')!;
      const canary = page.groups.find((g) => g.value === '2.0.0-canary')!;
      expect(canary.traceCount).toBe(tracesWith('service.version', '2.0.0-canary').size);
      expect(canary.p95Ns - v1.p95Ns).toBeGreaterThan(400 * MS);
      expect(page.spansWithoutValue).toBe(0);
    });

    it('counts each trace once per value, with the span counts and error traces the spans give', () => {
      const page = groupTracesByAttribute(cache.db, { key: 'host.name', limit: 1000 });
      for (const group of page.groups) {
        const carrying = spans.filter((s) => s.service === group.service && shown(s.attributes['host.name'] ?? s.resource['host.name'] ?? '') === group.value);
        expect(group.spanCount, group.value).toBe(carrying.length);
        expect(group.traceCount, group.value).toBe(new Set(carrying.map((s) => s.traceId)).size);
        expect(group.p50Ns).toBeLessThanOrEqual(group.p95Ns);
        expect(group.p95Ns).toBeLessThanOrEqual(group.p99Ns);
      }
      expect(page.valueCount).toBe(page.groups.length);
      const counts = page.groups.map((g) => g.traceCount);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });

    it('keeps each service’s versions apart when grouping across all services', () => {
      const page = groupTracesByAttribute(cache.db, { key: 'service.version', limit: 1000 });
      const expected = new Set(spans.map((s) => `${s.service} ${shown(s.resource['service.version'] ?? '')}`));
      expect(new Set(page.groups.map((g) => `${g.service} ${g.value}`))).toEqual(expected);
      // ads runs a canary beside v1: two groups of ads, none shared with another service.
      expect(page.groups.filter((g) => g.service === 'ads').map((g) => g.value).sort()).toEqual(['1.4.2', '2.0.0-canary']);
      const adsCanary = page.groups.find((g) => g.service === 'ads' && g.value === '2.0.0-canary')!;
      expect(adsCanary.traceCount).toBe(tracesWith('service.version', '2.0.0-canary').size);
    });

    it('groups span attributes too, and reports spans without the key', () => {
      const page = groupTracesByAttribute(cache.db, { key: 'app.customer.id', service: 'frontend', limit: 5 });
      expect(page.groups).toHaveLength(5);
      expect(page.valueCount).toBeGreaterThan(5);
      const frontendSpans = spans.filter((s) => s.service === 'frontend');
      expect(page.spansWithoutValue).toBe(frontendSpans.filter((s) => s.attributes['app.customer.id'] === undefined).length);
    });
  });

  describe('attributeKeys', () => {
    it('suggests the keys on spans and resources in the window, most common first', () => {
      const list = attributeKeys(cache.db, { limit: 500 });
      const keys = list.keys.map((k) => k.key);
      expect(keys).toContain('service.version');
      expect(keys).toContain('db.statement');
      expect(list.keys.find((k) => k.key === 'service.name')!.spans).toBe(Math.min(list.sampled, spans.length));
      const counts = list.keys.map((k) => k.spans);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      // Of one service (fewer spans than the sample): exactly the keys its spans and their resources carry.
      const ads = attributeKeys(cache.db, { service: 'ads', limit: 500 }).keys.map((k) => k.key);
      const adsSpans = spans.filter((s) => s.service === 'ads');
      expect(new Set(ads)).toEqual(new Set(adsSpans.flatMap((s) => [...Object.keys(s.attributes), ...Object.keys(s.resource)])));
      expect(ads).toContain('app.ads.category');
    });
  });

  describe('resolveQuery', () => {
    it('finds a trace by its id in upper case, short (leading zeros dropped) and base64 forms', () => {
      const traceId = spans.find((s) => s.traceId.startsWith('0'))?.traceId ?? spans[0]!.traceId;
      const forms = [traceId.toUpperCase(), traceId.replace(/^0+/, ''), Buffer.from(traceId, 'hex').toString('base64')];
      for (const form of forms) {
        const first = resolveQuery(cache.db, form, 12).candidates[0];
        expect(first, form).toMatchObject({ kind: 'trace', match: 'exact', traceId });
      }
    });

    it('finds a span by its id, with its trace', () => {
      const span = spans[42]!;
      const first = resolveQuery(cache.db, span.spanId, 12).candidates[0];
      expect(first).toMatchObject({ kind: 'span', match: 'exact', spanId: span.spanId, traceId: span.traceId, service: span.service });
    });

    it('offers traces and spans whose ids start with a typed prefix', () => {
      const traceId = spans[7]!.traceId;
      const candidates = resolveQuery(cache.db, traceId.slice(0, 8).toUpperCase(), 12).candidates;
      expect(candidates).toContainEqual(expect.objectContaining({ kind: 'trace', match: 'prefix', traceId }));
    });

    it('ranks an exact service first, then services by prefix, then the log search', () => {
      const candidates = resolveQuery(cache.db, 'ads', 12).candidates;
      expect(candidates[0]).toMatchObject({ kind: 'service', match: 'exact', service: 'ads' });
      expect(candidates.at(-1)).toMatchObject({ kind: 'logs', text: 'ads' });
      const prefix = resolveQuery(cache.db, 'C', 12).candidates.filter((c) => c.kind === 'service');
      expect(prefix.map((c) => (c.kind === 'service' ? c.service : ''))).toEqual(['cart', 'checkout']);
    });

    it('finds operations by their span name, whole or in part, with the service that runs them', () => {
      const select = resolveQuery(cache.db, 'SELECT discounts', 12).candidates;
      expect(select[0]).toEqual({ kind: 'operation', match: 'exact', service: 'discounts', name: 'SELECT discounts', spanCount: 687, errorCount: 0 });
      const ranker = resolveQuery(cache.db, 'adranker', 12).candidates.filter((c) => c.kind === 'operation');
      expect(ranker).toEqual([{ kind: 'operation', match: 'contains', service: 'ads', name: 'AdRanker.rank', spanCount: 57, errorCount: 0 }]);
      const getCart = resolveQuery(cache.db, 'GetCart', 12).candidates.filter((c) => c.kind === 'operation');
      expect(getCart.map((c) => (c.kind === 'operation' ? c.service : ''))).toEqual(['cart', 'frontend', 'checkout']);
      expect(getCart[0]).toMatchObject({ name: 'shop.CartService/GetCart', errorCount: 12 });
    });

    it('keeps operations counted as spans arrive, and rebuilt the same from the rows', () => {
      const kept = cache.db.prepare('SELECT * FROM operations ORDER BY service, name').all();
      const counted = cache.db
        .prepare(`SELECT service, name, count(*) AS spans, sum(status_code = 2) AS errors, min(start_ns) AS first_ns, max(start_ns) AS last_ns
                  FROM spans GROUP BY 1, 2 ORDER BY 1, 2`)
        .all();
      expect(kept).toEqual(counted);
    });

    it('counts log hits for free text', () => {
      const candidates = resolveQuery(cache.db, 'connection refused', 12).candidates;
      expect(candidates).toHaveLength(1);
      const hits = cache.db
        .prepare(`SELECT count(*) FROM logs_fts WHERE logs_fts MATCH '"connection" "refused"'`)
        .pluck()
        .get() as number;
      expect(candidates[0]).toEqual({ kind: 'logs', text: 'connection refused', count: hits, more: false });
    });

    it('returns nothing for blank or unmatchable text', () => {
      expect(resolveQuery(cache.db, '   ', 12).candidates).toEqual([]);
      expect(resolveQuery(cache.db, '"-"', 12).candidates).toEqual([]);
    });
  });
});

describe('logsByAttribute on the demo incident (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it.each([
    ['app.customer.id', 'c-46476'],
    ['service.version', '2.0.0-canary'],
    ['http.response.status_code', '500'],
  ])('finds exactly the logs whose attributes or resource have %s = %s, newest first', (key, value) => {
    const rows = cache.db
      .prepare('SELECT l.id, l.attributes, r.attributes AS resource FROM logs l JOIN resources r ON r.hash = l.resource_hash')
      .all() as { id: number; attributes: string; resource: string }[];
    const expected = rows
      .filter((row) => {
        const v = (JSON.parse(row.attributes) as Record<string, AttrValue>)[key] ?? (JSON.parse(row.resource) as Record<string, AttrValue>)[key];
        return v !== undefined && shown(v) === value;
      })
      .map((row) => row.id);
    expect(expected.length).toBeGreaterThan(0);
    const page = logsByAttribute(cache.db, { key, value, limit: 5000 });
    expect(page.logs.map((l) => l.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    const times = page.logs.map((l) => BigInt(l.timeNs));
    expect(times).toEqual([...times].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });
});
