import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache, UPSTREAM } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { spanDetail } from './span-detail.js';
import { spanLinks } from './span-links.js';
import { WaterfallModels } from './waterfall-model.js';
import { traceLayout, traceRowsPage, type WaterfallState } from './waterfall-view.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo/demo-incident.otlp.ndjson', import.meta.url));
const CRITICAL = join(UPSTREAM, 'jaeger-v1-http/jaeger-ui__critical-path-testTrace_envelope.json');

const open: WaterfallState = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };

describe('waterfall over a real cache', () => {
  const cache = tempCache();
  let models: WaterfallModels;
  let traceA: string;

  beforeAll(async () => {
    await importFile(cache.db, CRITICAL);
    await importFile(cache.db, DEMO);
    models = new WaterfallModels(cache.db);
    traceA = cache.db.prepare("SELECT trace_id FROM spans WHERE name = 'O1'").pluck().get() as string;
  }, 60_000);
  afterAll(() => cache.dispose());

  it('lays out the jaeger-ui critical-path trace with rows, services and critical sections', () => {
    const model = models.get(traceA)!;
    const layout = traceLayout(cache.db, model, open);
    expect(layout.rowCount).toBe(4);
    expect(layout.services.map((s) => s.name).sort()).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(layout.durationNs).toBe(100_000);
    expect(traceRowsPage(cache.db, model, open, 0, 10).rows[0]!.critical).toEqual([]);
    const page = traceRowsPage(cache.db, model, open, 0, 10, true);
    expect(page.rows.map((r) => `${r.name}@${r.depth}`)).toEqual(['O1@0', 'O2@1', 'O3@1', 'O4@1']);
    expect(page.rows[0]!.critical).toEqual([
      [90_000, 100_000],
      [50_000, 60_000],
      [30_000, 40_000],
      [0, 10_000],
    ]);
    expect(page.rows[3]!.critical).toEqual([[60_000, 90_000]]);
    // Cached: the same model object comes back while the trace is unchanged.
    expect(models.get(traceA)).toBe(model);
  });

  it('collapses, windows and reveals rows', () => {
    const model = models.get(traceA)!;
    const rootKey = traceRowsPage(cache.db, model, open, 0, 1).rows[0]!.key;
    const collapsed = { ...open, collapsed: [rootKey] };
    expect(traceLayout(cache.db, model, collapsed).rowCount).toBe(1);
    const o4 = traceRowsPage(cache.db, model, open, 3, 1).rows[0]!;
    const revealed = traceLayout(cache.db, model, collapsed, o4.spanId);
    expect(revealed.reveal).toEqual({ key: o4.key, row: 3, opened: [rootKey] });
    expect(traceRowsPage(cache.db, model, open, 2, 5).rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('finds the demo’s N+1 discounts trace and searches attribute values, filters by service', () => {
    const traceId = cache.db
      .prepare("SELECT trace_id FROM spans WHERE service = 'discounts' GROUP BY trace_id ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    const model = models.get(traceId)!;
    const searched = traceLayout(cache.db, model, { ...open, search: 'SELECT' });
    expect(searched.matchCount).toBeGreaterThan(3);
    const matched = traceRowsPage(cache.db, model, { ...open, search: 'SELECT' }, searched.matchRows[0]!, 1).rows[0]!;
    expect(matched.match).toBe(true);
    const onlyDiscounts = traceLayout(cache.db, model, { ...open, services: ['discounts'] });
    const rows = traceRowsPage(cache.db, model, { ...open, services: ['discounts'] }, 0, onlyDiscounts.rowCount).rows;
    // Discounts spans (its N+1 queries as one group row) plus the ancestors that lead to them (the frontend root).
    expect(rows.filter((r) => r.service === 'discounts').length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => r.service === 'discounts' && r.group !== null)).toBe(true);
    expect(rows[0]!.service).toBe('frontend');
    expect(rows.length).toBeLessThan(searched.rowCount);
  });

  it('groups the N+1 queries into one closed row with their count and total time, and opens it by key or reveal', () => {
    const { traceId, queries } = cache.db
      .prepare(
        "SELECT trace_id AS traceId, count(*) AS queries FROM spans WHERE name = 'SELECT discounts' GROUP BY trace_id ORDER BY count(*) DESC LIMIT 1",
      )
      .get() as { traceId: string; queries: number };
    const model = models.get(traceId)!;
    const layout = traceLayout(cache.db, model, open);
    const rows = traceRowsPage(cache.db, model, open, 0, layout.rowCount).rows;
    expect(rows.filter((r) => r.name === 'SELECT discounts')).toHaveLength(1);
    const group = rows.find((r) => r.group !== null)!;
    expect(group.name).toBe('SELECT discounts');
    expect(group.collapsed).toBe(true);
    expect(group.group!.count).toBe(queries);
    expect(group.group!.bars).toHaveLength(queries);
    const durations = cache.db
      .prepare("SELECT sum(end_ns - start_ns) FROM spans WHERE trace_id = ? AND name = 'SELECT discounts'")
      .pluck()
      .get(traceId) as number;
    expect(group.group!.totalNs).toBe(Number(durations));
    // The group's bar spans its members; the discounts server span is its parent row.
    expect(rows[group.parentRow]!.name).toBe('shop.DiscountService/ApplyDiscounts');
    expect(group.endNs - group.startNs).toBeGreaterThanOrEqual(group.group!.totalNs);

    const opened = { ...open, expanded: [group.key] };
    expect(traceLayout(cache.db, model, opened).rowCount).toBe(layout.rowCount + queries);
    const member = cache.db
      .prepare("SELECT span_id FROM spans WHERE trace_id = ? AND name = 'SELECT discounts' ORDER BY start_ns LIMIT 1 OFFSET 5")
      .pluck()
      .get(traceId) as string;
    const revealed = traceLayout(cache.db, model, open, member);
    expect(revealed.reveal!.opened).toEqual([group.key]);
    expect(traceRowsPage(cache.db, model, opened, revealed.reveal!.row, 1).rows[0]!.spanId).toBe(member);
  });

  it('counts span links both ways on the rows', () => {
    const consumer = cache.db
      .prepare("SELECT trace_id, span_id FROM spans WHERE service = 'email-worker' AND kind = 5 LIMIT 1")
      .get() as { trace_id: string; span_id: string };
    const model = models.get(consumer.trace_id)!;
    const rows = traceRowsPage(cache.db, model, open, 0, 100).rows;
    expect(rows.find((r) => r.spanId === consumer.span_id)!.linkCount).toBe(1);
  });

  it('finds span links in both directions: the consumer names the producer, the producer finds the consumer', () => {
    const consumer = cache.db
      .prepare("SELECT trace_id, span_id FROM spans WHERE service = 'email-worker' AND kind = 5 LIMIT 1")
      .get() as { trace_id: string; span_id: string };
    const out = spanLinks(cache.db, consumer.trace_id, consumer.span_id);
    expect(out.outgoing).toHaveLength(1);
    const producer = out.outgoing[0]!;
    expect(producer.service).toBe('checkout');
    expect(producer.traceId).not.toBe(consumer.trace_id);
    const back = spanLinks(cache.db, producer.traceId, producer.spanId);
    expect(back.incoming).toContainEqual({ traceId: consumer.trace_id, spanId: consumer.span_id, service: 'email-worker', name: expect.any(String) });
    expect(back.outgoing).toEqual([]);
    expect(spanDetail(cache.db, producer.traceId, producer.spanId)[0]!.kind).toBe('producer');
  });
});

describe('waterfall of a Jaeger FOLLOWS_FROM trace (jaeger-ui issue115)', () => {
  const cache = tempCache();
  afterAll(() => cache.dispose());

  it('shows the follower under its parent, marked, and off the critical path', async () => {
    await importFile(cache.db, join(UPSTREAM, 'jaeger-v1-http/jaeger-ui__issue115_follows-from_envelope.json'));
    const model = new WaterfallModels(cache.db).get('2992f2a5b5d037a8aabffd08ef384237')!;
    const page = traceRowsPage(cache.db, model, open, 0, 10, true);
    expect(page.rows.map((r) => [r.name, r.depth, r.followsFrom])).toEqual([
      ['demo', 0, false],
      ['thread', 1, true],
    ]);
    // demo is critical end to end: it did not wait for thread, which ran inside it.
    expect(page.rows[0]!.critical).toEqual([[0, 70_406_000]]);
    expect(page.rows[1]!.critical).toEqual([]);
  });
});
