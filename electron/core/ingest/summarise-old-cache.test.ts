import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import { WriteQueue } from '../db/write-queue.js';
import { edgeSummaries, summaryGraph } from '../queries/graph-summaries.js';
import { rowGraph } from '../queries/service-graph.js';
import { importFile } from './import-file.js';
import { summariseOldCache } from './summarise-old-cache.js';

describe('a cache from before the graph summaries (real SQLite file, worker thread)', () => {
  let cache: ReturnType<typeof tempCache> | null = null;
  afterEach(() => {
    cache?.dispose();
    cache = null;
  });

  it('is summarised once through the write queue, to what the rows draw', async () => {
    cache = tempCache();
    const { db } = cache;
    const file = join(cache.dir, 'trace.json');
    writeTraceFile(file, 3_000, 'otlp');
    await importFile(db, file);
    const summarised = summaryGraph(db, {});
    // As migration 20 leaves a cache that already had spans.
    db.exec('DELETE FROM edge_minutes; UPDATE edge_minutes_state SET ready = 0');
    expect(edgeSummaries(db)).toBe('pending');
    const writes = new WriteQueue();
    expect(await summariseOldCache(db, cache.path, writes)).toBe(true);
    expect(edgeSummaries(db)).toBe('ready');
    expect(summaryGraph(db, {})).toEqual(summarised);
    const calls = (edges: { source: string; target: string; callCount: number }[]) => edges.map((e) => `${e.source}→${e.target} ${e.callCount}`).sort();
    expect(calls(summarised.edges)).toEqual(calls(rowGraph(db, {}).edges));
    expect(summarised.edges.length).toBeGreaterThan(0);
    expect(await summariseOldCache(db, cache.path, writes)).toBe(false);
  });
});
