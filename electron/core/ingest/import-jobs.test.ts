import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentCounts, tempCache } from '../../../test/temp-cache.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import { ImportJobs } from './import-jobs.js';

/** Cancelling imports: a running one rolls back whole, a queued one never starts, a finished one stays as it was. */
describe('cancelling an import', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => (cache = tempCache()));
  afterEach(() => cache.dispose());

  it('rolls a running import back and never starts the one queued behind it', async () => {
    const big = join(cache.dir, 'big.json');
    const next = join(cache.dir, 'next.json');
    // Big enough to still be running when it is seen writing, on a busy machine too.
    writeTraceFile(big, 300_000, 'otlp');
    writeTraceFile(next, 1_000, 'zipkin');
    const before = contentCounts(cache.db);
    const jobs = new ImportJobs(cache.db);
    const [running, queued] = jobs.start([big, next]);
    expect(jobs.cancel(queued!.id)).toMatchObject({ state: 'failed', error: 'next.json: import cancelled before it started' });
    // Wait until the first has written calls between services (inside its transaction; the file holds one service
    // after another), then cancel it.
    for (let i = 0; i < 4000 && (jobs.arrivedGraph()?.edges.length ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(jobs.get(running!.id)).toMatchObject({ state: 'running' });
    expect(jobs.get(running!.id)!.spans).toBeGreaterThan(0);
    // The graph can show what has arrived: services and calls counted as the spans came, before any commit.
    const arrived = jobs.arrivedGraph()!;
    expect(arrived.spans).toBeGreaterThan(0);
    expect(arrived.services.length).toBeGreaterThan(1);
    expect(arrived.edges.length).toBeGreaterThan(0);
    jobs.cancel(running!.id);
    await jobs.idle();
    expect(jobs.arrivedGraph()).toBeNull();
    expect(jobs.get(running!.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/big\.json: import cancelled/) });
    expect(jobs.get(queued!.id)!.state).toBe('failed');
    expect(contentCounts(cache.db)).toEqual(before);
  }, 60_000);

  it('names a finished import\'s biggest trace, leaves it as it was when cancelled, and knows no unknown job', async () => {
    const file = join(cache.dir, 'small.json');
    writeTraceFile(file, 500, 'jaeger');
    const jobs = new ImportJobs(cache.db);
    const [job] = jobs.start([file]);
    await jobs.idle();
    // It names the trace to open first.
    expect(jobs.get(job!.id)!.biggestTrace).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spans: 500 });
    expect(jobs.cancel(job!.id)).toMatchObject({ state: 'done', spans: 500 });
    expect(contentCounts(cache.db).spans).toBe(500);
    expect(jobs.cancel('nope')).toBeNull();
  });
});
