import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPENING, traceFileSuite } from '../../../test/trace-file-suite.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import type { HandlerContext } from '../handlers/handler-context.js';
import { traceHandlers } from '../handlers/trace-handlers.js';
import { ReadThread } from '../read-thread/read-thread.js';
import { ARRIVING_SPANS } from './arriving-trace.js';
import { ImportJobs } from './import-jobs.js';

/** No pull is being written in these tests. */
const NO_PULLS = { arriving: () => null, arrivingDb: () => null, whyNotCached: () => null };

describe('a trace watched while it imports', () => {
  const suite = traceFileSuite('big.otlp.json', 120_000, 'otlp');
  const { cache } = suite;

  it('answers from the import’s own rows until it commits, then from the cache', async () => {
    const { writeDb, file, traceId } = suite;
    const jobs = new ImportJobs(writeDb);
    const reads = new ReadThread(cache.db, cache.path);
    const handlers = traceHandlers({ db: cache.db, jobs, pulls: NO_PULLS, traceReads: reads } as unknown as HandlerContext);
    try {
      const [job] = jobs.start([file]);
      let seen = jobs.get(job!.id)!;
      for (let i = 0; i < 4000 && seen.state === 'running' && (seen.arrivingTrace?.spans ?? 0) < 1_000; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen = jobs.get(job!.id)!;
      }
      expect(seen.state).toBe('running');
      expect(seen.arrivingTrace?.traceId).toBe(traceId);

      const live = await handlers.traceLayout({ traceId, ...OPENING });
      expect(live.arriving!.spans).toBeGreaterThanOrEqual(1_000);
      expect(live.arriving!.shown).toBe(Math.min(live.arriving!.spans, ARRIVING_SPANS));
      expect(live.spanCount).toBe(live.arriving!.shown);
      const rows = await handlers.traceRows({ traceId, ...OPENING, offset: 0, limit: 50, critical: false });
      expect(rows.rows).toHaveLength(50);
      expect(rows.rows[0]!.depth).toBe(0);
      // A clicked span's detail comes from the import's rows too.
      const [root] = await handlers.spanDetail({ traceId, spanId: rows.rows[0]!.spanId });
      expect(root).toMatchObject({ traceId, spanId: rows.rows[0]!.spanId, service: 'frontend', name: 'GET /checkout' });
      // Every other connection still sees the cache as it was: nothing is committed before the whole file is.
      expect(cache.db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(0);

      await jobs.idle();
      expect(jobs.get(job!.id)).toMatchObject({ state: 'done', arrivingTrace: null });
      const stored = await handlers.traceLayout({ traceId, ...OPENING });
      expect(stored.arriving).toBeUndefined();
      expect(stored.spanCount).toBe(120_000);
    } finally {
      reads.close();
    }
  }, 120_000);

  it('is nothing once the import is cancelled, and says why', async () => {
    const { writeDb } = suite;
    const jobs = new ImportJobs(writeDb);
    const other = join(cache.dir, 'other.zipkin.json');
    // Not the suite's trace (the test above committed that one).
    const otherId = writeTraceFile(other, 60_000, 'zipkin', { traceId: 'c0ffee00000000000000000000000001' }).traceId;
    const [job] = jobs.start([other]);
    for (let i = 0; i < 4000 && (jobs.get(job!.id)!.arrivingTrace?.spans ?? 0) === 0 && jobs.get(job!.id)!.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    jobs.cancel(job!.id);
    await jobs.idle();
    expect(jobs.arriving(otherId)).toBeNull();
    // A waterfall still watching it is told why it is gone, naming the file.
    const handlers = traceHandlers({ db: cache.db, jobs, pulls: NO_PULLS } as unknown as HandlerContext);
    await expect(handlers.traceLayout({ traceId: otherId, ...OPENING })).rejects.toThrow(
      `trace ${otherId} is not in the cache: the import bringing it stopped (other.zipkin.json: import cancelled), and an import keeps nothing of a file it does not finish`,
    );
    expect(await handlers.spanDetail({ traceId: otherId, spanId: '0000000000000001' })).toEqual([]);
  }, 120_000);
});
