import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import { importFile } from '../ingest/import-file.js';
import {
  buildFirstLook,
  dropOrphanFirstLooks,
  FIRST_LOOK_MIN_SPANS,
  FIRST_LOOK_ROWS,
  firstLookLayout,
  firstLookRows,
  isOpeningState,
  orphanFirstLooks,
  saveFirstLook,
  staleFirstLooks,
} from './first-look.js';
import { WaterfallModels } from './waterfall-model.js';
import { traceLayout, traceRowsPage, type WaterfallState } from './waterfall-view.js';

const OPENING: WaterfallState = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };

describe('first looks of big traces', () => {
  const cache = tempCache();
  let traceId: string;

  beforeAll(async () => {
    const file = join(cache.dir, 'big.json');
    traceId = writeTraceFile(file, 25_000, 'jaeger').traceId;
    await importFile(cache.db, file);
  }, 60_000);
  afterAll(() => cache.dispose());

  it('lists a big trace as stale until its look is saved, and answers exactly as laying it out would', () => {
    expect(staleFirstLooks(cache.db)).toEqual([{ traceId, spanCount: 25_000 }]);
    expect(firstLookLayout(cache.db, traceId)).toBeNull();
    const look = buildFirstLook(cache.db, new WaterfallModels(cache.db), traceId)!;
    expect(look.rows).toHaveLength(FIRST_LOOK_ROWS);
    expect(saveFirstLook(cache.db, look)).toBe(true);
    expect(staleFirstLooks(cache.db)).toEqual([]);

    const model = new WaterfallModels(cache.db).get(traceId)!;
    expect(firstLookLayout(cache.db, traceId)).toEqual(traceLayout(cache.db, model, OPENING));
    for (const [offset, limit] of [
      [0, 200],
      [800, 200],
      [999, 1],
    ] as const) {
      expect(firstLookRows(cache.db, traceId, offset, limit)).toEqual(traceRowsPage(cache.db, model, OPENING, offset, limit));
    }
    // Past the stored rows the trace itself answers.
    expect(firstLookRows(cache.db, traceId, 900, 200)).toBeNull();
  });

  it('is only for the state a waterfall opens in', () => {
    expect(isOpeningState(OPENING)).toBe(true);
    for (const change of [{ collapsed: ['a'] }, { expanded: ['a'] }, { collapseBelowDepth: 2 }, { services: ['x'] }, { minDurationNs: 1 }, { errorsOnly: true }, { search: 'x' }, { adjustSkew: false }]) {
      expect(isOpeningState({ ...OPENING, ...change })).toBe(false);
    }
  });

  it('goes stale when the trace changes, and is not saved over a trace that changed while it was built', () => {
    const look = buildFirstLook(cache.db, new WaterfallModels(cache.db), traceId)!;
    cache.db.prepare('UPDATE traces SET span_count = span_count + 1 WHERE trace_id = ?').run(traceId);
    try {
      expect(firstLookLayout(cache.db, traceId)).toBeNull();
      expect(firstLookRows(cache.db, traceId, 0, 200)).toBeNull();
      expect(staleFirstLooks(cache.db)).toEqual([{ traceId, spanCount: 25_001 }]);
      expect(saveFirstLook(cache.db, look)).toBe(false);
    } finally {
      cache.db.prepare('UPDATE traces SET span_count = span_count - 1 WHERE trace_id = ?').run(traceId);
    }
    expect(firstLookLayout(cache.db, traceId)).not.toBeNull();
  });

  it('counts links into the trace when asked: another trace may link to it later without changing its spans', () => {
    const first = firstLookRows(cache.db, traceId, 0, 10)!.rows[3]!;
    cache.db
      .prepare('INSERT INTO span_links (trace_id, span_id, linked_trace_id, linked_span_id) VALUES (?, ?, ?, ?)')
      .run('0000000000000000000000000000beef', '00000000000000ee', traceId, first.spanId);
    const rows = firstLookRows(cache.db, traceId, 0, 10)!.rows;
    expect(rows[3]!.linkCount).toBe(first.linkCount + 1);
    expect(rows).toEqual(traceRowsPage(cache.db, new WaterfallModels(cache.db).get(traceId)!, OPENING, 0, 10).rows);
  });

  it('drops the looks of traces that are gone', () => {
    cache.db.prepare(`INSERT INTO trace_first_looks (trace_id, span_count, layout, rows) VALUES ('gone', 30000, '{}', '[]')`).run();
    expect(orphanFirstLooks(cache.db)).toBe(1);
    expect(dropOrphanFirstLooks(cache.db)).toBe(1);
    expect(orphanFirstLooks(cache.db)).toBe(0);
    expect(firstLookLayout(cache.db, traceId)).not.toBeNull();
  });

  it('answers nothing, without failing, from a database saved before first looks existed (an older casefile)', () => {
    const older = new Database(join(cache.dir, 'older.sqlite'));
    try {
      older.exec('CREATE TABLE traces (trace_id TEXT PRIMARY KEY, span_count INTEGER)');
      older.prepare('INSERT INTO traces VALUES (?, 25000)').run(traceId);
      expect(firstLookLayout(older, traceId)).toBeNull();
      expect(firstLookRows(older, traceId, 0, 200)).toBeNull();
    } finally {
      older.close();
    }
  });

  it('finds big traces through the partial index, not a scan of traces', () => {
    const plan = cache.db
      .prepare(`EXPLAIN QUERY PLAN SELECT trace_id FROM traces t WHERE t.span_count >= ${FIRST_LOOK_MIN_SPANS}`)
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/traces_big/);
  });
});
