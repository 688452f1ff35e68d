import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import type { SpanRecord } from '../../../shared/formats/records.js';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate, type Db } from '../db/open-database.js';
import { resolveQuery } from '../queries/nav-resolve.js';
import { ReceiveSession } from '../receiver/receive-session.js';
import { RowEncoder } from './row-encoder.js';
import { RowWriter } from './row-writer.js';
import { indexNewSpanIds } from './span-id-lookup.js';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function span(trace: number, id: number): SpanRecord {
  return {
    traceId: hex(trace, 32),
    spanId: hex(id, 16),
    parentSpanId: null,
    service: `svc-${trace}`,
    name: `op ${id}`,
    kind: 1,
    startNs: 1_700_000_000_000_000_000n + BigInt(id) * 1000n,
    endNs: 1_700_000_000_000_000_000n + BigInt(id) * 1000n + 500n,
    statusCode: 0,
    statusMessage: '',
    attributes: {},
    resource: { 'service.name': `svc-${trace}` },
    events: [],
    links: [],
    scope: null,
  };
}

/** Stores spans as the receiver does: without adding them to the lookup. */
function storeDeferred(db: Db, spans: SpanRecord[]): void {
  const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
  for (const s of spans) encoder.span(s);
  db.transaction(() => {
    const writer = new RowWriter(db, null);
    writer.write(encoder.take(true)!);
    writer.flush({ spanIds: false });
  })();
}

const spanHits = (db: Db, text: string) =>
  resolveQuery(db, text, 20).candidates.flatMap((c) => (c.kind === 'span' ? [`${c.match} ${c.spanId} ${c.service}`] : []));
const lookupRows = (db: Db) => (db.prepare('SELECT count(*) AS n FROM span_id_lookup').get() as { n: number }).n;

describe('span-id lookup (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache> | null = null;
  afterEach(() => {
    cache?.dispose();
    cache = null;
  });

  it('finds spans not yet in the lookup by scanning the tail, and the same ones once they are', () => {
    cache = tempCache();
    const { db } = cache;
    storeDeferred(db, [span(1, 0xabc001), span(1, 0xabc002), span(2, 0xabd001)]);
    expect(lookupRows(db)).toBe(0);
    const exact = spanHits(db, hex(0xabc002, 16));
    const prefix = spanHits(db, hex(0xabc, 13));
    expect(exact).toEqual([`exact ${hex(0xabc002, 16)} svc-1`]);
    expect(prefix).toEqual([`prefix ${hex(0xabc001, 16)} svc-1`, `prefix ${hex(0xabc002, 16)} svc-1`]);

    expect(indexNewSpanIds(db)).toBe(3);
    expect(lookupRows(db)).toBe(3);
    expect(spanHits(db, hex(0xabc002, 16))).toEqual(exact);
    expect(spanHits(db, hex(0xabc, 13))).toEqual(prefix);
    // Nothing new: the batch adds nothing and the tail is empty.
    expect(indexNewSpanIds(db)).toBe(0);
  });

  it('the receiver leaves span ids for its batch, and its session end adds them', () => {
    cache = tempCache();
    const { db } = cache;
    const session = new ReceiveSession(db, 'OTLP receiver test');
    const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 10; i++) encoder.span(span(7, 0x7000 + i));
    const [stored] = session.store([{ decoded: { batch: encoder.take(true), spans: 10, logs: 0 }, bytes: 1000 }]);
    expect(stored).toEqual({ spansAdded: 10, logsAdded: 0 });
    expect(session.spanIdsDue).toBe(false);
    session.indexSpanIdsIfDue();
    expect(lookupRows(db)).toBe(0);
    expect(spanHits(db, hex(0x7003, 16))).toEqual([`exact ${hex(0x7003, 16)} svc-7`]);
    session.close();
    expect(lookupRows(db)).toBe(10);
  });

  it('uses the lookup table, not a scan of spans, for indexed spans', () => {
    cache = tempCache();
    const plan = (cache.db.prepare(`EXPLAIN QUERY PLAN SELECT span_rowid FROM span_id_lookup WHERE span_id = ?`).all('x') as { detail: string }[])
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH span_id_lookup USING PRIMARY KEY \(span_id=\?\)/);
  });

  it('forgets deleted spans and indexes a span that reuses a deleted rowid', () => {
    cache = tempCache();
    const { db } = cache;
    storeDeferred(db, [span(1, 0x100), span(1, 0x200)]);
    indexNewSpanIds(db);
    // Deleting the newest span lets SQLite hand its rowid to the next insert.
    db.prepare('DELETE FROM spans WHERE span_id = ?').run(hex(0x200, 16));
    expect(spanHits(db, hex(0x200, 16))).toEqual([]);
    storeDeferred(db, [span(3, 0x300)]);
    expect(spanHits(db, hex(0x300, 16))).toEqual([`exact ${hex(0x300, 16)} svc-3`]);
    indexNewSpanIds(db);
    expect(spanHits(db, hex(0x300, 16))).toEqual([`exact ${hex(0x300, 16)} svc-3`]);
    expect(spanHits(db, hex(0x100, 16))).toEqual([`exact ${hex(0x100, 16)} svc-1`]);
    expect(lookupRows(db)).toBe(2);
  });

  it('migration 6 moves the spans of an older cache into the lookup', () => {
    cache = tempCache();
    const path = `${cache.dir}/older.sqlite`;
    const older = new Database(path);
    migrate(older, MIGRATIONS.filter((m) => m.id < 6));
    const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
    for (let i = 1; i <= 50; i++) encoder.span(span(i % 5, i * 7919));
    const batch = encoder.take(true)!;
    older.transaction(() => {
      for (const [hash, json] of batch.resources) older.prepare('INSERT OR IGNORE INTO resources (hash, attributes) VALUES (?, ?)').run(hash, json);
      const insert = older.prepare(
        `INSERT INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, status_code, status_message,
           attributes, resource_hash, events, links, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      // The columns an older cache had: the encoder's rows carry later ones (trace_state) too.
      for (const row of batch.spans) insert.run(...row.slice(0, 15));
    })();
    migrate(older, MIGRATIONS);
    expect(lookupRows(older)).toBe(50);
    expect(spanHits(older, hex(17 * 7919, 16))).toEqual([`exact ${hex(17 * 7919, 16)} svc-2`]);
    const indexes = (older.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).not.toContain('spans_by_span_id');
    older.close();
  });
});
