import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCache, UPSTREAM } from '../../../test/temp-cache.js';
import { ImportJobs } from './import-jobs.js';

/** Data fidelity: what an import reads but must say (a span id shared by two spans, an id mapped), on the job itself. */
const SHARED_ID = 'jaeger-v1-http/jaeger-ui__stats_traceWithMultipleSpansWithTheSameValueInDifferentTags.json';

describe('import warnings', () => {
  let cache: ReturnType<typeof tempCache>;
  let jobs: ImportJobs;
  beforeEach(() => {
    cache = tempCache();
    jobs = new ImportJobs(cache.db);
  });
  afterEach(() => cache.dispose());

  async function importOne(path: string) {
    const [started] = jobs.start([path]);
    await jobs.idle();
    return jobs.get(started!.id)!;
  }

  it('keeps two different spans that share one span id and start (jaeger-ui sample), says so, and stores each once on re-import', async () => {
    const path = join(cache.dir, 'shared-id.json');
    copyFileSync(join(UPSTREAM, SHARED_ID), path);
    const first = await importOne(path);
    expect(first.load).toMatchObject({ spansSeen: 4, spansAdded: 4 });
    const names = (cache.db.prepare("SELECT name FROM spans WHERE span_id = '2dc4b796e2127e32' ORDER BY name").pluck().all() as string[]);
    expect(names).toEqual(['another span with test', 'span with test']);
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(
      /^trace [0-9a-f]{32}: span id 2dc4b796e2127e32 is used by two different spans starting at the same time: "\S+: span with test" and "\S+: another span with test"; both are kept$/,
    );

    const again = await importOne(path);
    expect(again.load).toMatchObject({ spansSeen: 4, spansAdded: 0 });
    expect(again.warnings).toEqual(first.warnings);
    expect(cache.db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(4);
  });

  it('names OTLP ids of the wrong length that were replaced by a digest, and what they became', async () => {
    const spanId = Buffer.from('0123456789abcd').toString('base64'); // 14 bytes: no OTLP span id
    const path = join(cache.dir, 'odd-ids.json');
    const span = { traceId: '5b8efff798038103d269b633813fc60c', spanId, name: 'op', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000000000500' };
    writeFileSync(path, JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span] }] }] }));
    const job = await importOne(path);
    expect(job.state).toBe('done');
    const stored = cache.db.prepare('SELECT span_id FROM spans').pluck().get() as string;
    expect(job.warnings).toEqual([
      `trace 5b8efff798038103d269b633813fc60c: span id "${spanId}" is neither hex nor base64 of 8 bytes: stored as ${stored}`,
    ]);
  });

  it('has no warnings for a clean file', async () => {
    const path = join(cache.dir, 'clean.json');
    copyFileSync(join(UPSTREAM, 'otlp-json/jaeger__integration_example_trace.json'), path);
    expect((await importOne(path)).warnings).toEqual([]);
  });
});
