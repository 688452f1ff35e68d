import { describe, expect, it } from 'vitest';
import { OPENING, traceFileSuite } from '../../../test/trace-file-suite.js';
import { WriteQueue } from '../db/write-queue.js';
import type { HandlerContext } from '../handlers/handler-context.js';
import { traceHandlers } from '../handlers/trace-handlers.js';
import { importFile } from '../ingest/import-file.js';
import { buildFirstLook } from '../queries/first-look.js';
import { WaterfallModels } from '../queries/waterfall-model.js';
import { traceLayout, traceRowsPage } from '../queries/waterfall-view.js';
import { ReadThread } from '../read-thread/read-thread.js';
import { FirstLookWarmer } from './first-look-warmer.js';

describe('the first-look warmer', () => {
  const suite = traceFileSuite('big.json', 21_000, 'jaeger');
  const { cache } = suite;

  it('lays out a big trace on the read thread after the write that stored it; the waterfall then opens without reading its spans', async () => {
    const { writeDb, file, traceId } = suite;
    const writes = new WriteQueue();
    const reads = new ReadThread(cache.db, cache.path, { minSpans: 0 });
    const warmer = new FirstLookWarmer(cache.db, writeDb, writes, reads, { delayMs: 10 });
    writes.onWritten(() => warmer.schedule());
    try {
      await writes.run(() => importFile(writeDb, file));
      await warmer.settled();
      const stored = cache.db.prepare('SELECT span_count FROM trace_first_looks WHERE trace_id = ?').pluck().get(traceId);
      expect(stored).toBe(21_000);

      const fresh = new WaterfallModels(cache.db).get(traceId)!;
      const expected = buildFirstLook(cache.db, new WaterfallModels(cache.db), traceId)!;
      const handlers = traceHandlers({ db: cache.db, traceReads: reads } as HandlerContext);
      // Any other state of a big trace is laid out on the read thread, from the model the warmer left there.
      const errorsOnly = { ...OPENING, errorsOnly: true };
      expect(await handlers.traceLayout({ traceId, ...errorsOnly })).toEqual(traceLayout(cache.db, fresh, errorsOnly));
      expect(await handlers.traceRows({ traceId, ...OPENING, offset: 0, limit: 50, critical: true })).toEqual(
        traceRowsPage(cache.db, fresh, OPENING, 0, 50, true),
      );
      // With its spans gone (the summary row left), only the stored look can answer the opening calls.
      cache.db.prepare('DELETE FROM spans WHERE trace_id = ?').run(traceId);
      expect(await handlers.traceLayout({ traceId, ...OPENING })).toEqual(expected.layout);
      expect(await handlers.traceRows({ traceId, ...OPENING, offset: 200, limit: 200, critical: false })).toEqual({
        rowCount: expected.layout.rowCount,
        offset: 200,
        rows: expected.rows.slice(200, 400),
      });
    } finally {
      warmer.close();
      reads.close();
    }
  }, 60_000);

  it('stops after a pass that finds nothing to do, and skips a trace it cannot lay out', async () => {
    const { writeDb, traceId } = suite;
    const writes = new WriteQueue();
    let asked = 0;
    const failing = {
      run: () => {
        asked++;
        return Promise.reject(new Error('the layout failed'));
      },
    } as unknown as ReadThread;
    const warmer = new FirstLookWarmer(cache.db, writeDb, writes, failing, { delayMs: 10 });
    writes.onWritten(() => warmer.schedule());
    cache.db.prepare('UPDATE traces SET span_count = 30000 WHERE trace_id = ?').run(traceId);
    warmer.schedule();
    await warmer.settled();
    warmer.schedule();
    await warmer.settled();
    expect(asked).toBe(1);
    warmer.close();
  });
});
