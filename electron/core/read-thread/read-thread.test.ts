import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract-kit.js';
import { tempCache } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { READ_CALLS } from './read-calls.js';
import { ReadThread } from './read-thread.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo/demo-incident.otlp.ndjson', import.meta.url));

describe('the read thread', () => {
  const cache = tempCache();
  beforeAll(async () => {
    await importFile(cache.db, DEMO);
  }, 120_000);
  afterAll(() => cache.dispose());

  it('answers as the API thread would, from its own connection, and the API thread stays free meanwhile', async () => {
    const thread = new ReadThread(cache.db, cache.path, { minSpans: 0 });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const [graph, findings, flows] = await Promise.all([thread.run('serviceGraph', {}), thread.run('findings', {}), thread.run('flows', {})]);
      clearInterval(timer);
      expect(graph).toEqual(READ_CALLS.serviceGraph(cache.db, {}));
      expect(findings).toEqual(READ_CALLS.findings(cache.db, {}));
      expect(flows).toEqual(READ_CALLS.flows(cache.db, {}));
      expect(findings.map((f) => f.detector)).toContain('sleep');
      // The timer ran while the thread worked (in process, both calls would have held this thread throughout).
      expect(ticks).toBeGreaterThan(5);
    } finally {
      thread.close();
    }
  }, 60_000);

  it('passes an API error back as one, and starts again after going idle', async () => {
    const thread = new ReadThread(cache.db, cache.path, { minSpans: 0, idleMs: 10 });
    try {
      const error = await thread.run('findings', { traceId: 'ffffffffffffffffffffffffffffffff' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'not-found', message: expect.stringMatching(/is not in the cache/) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await thread.run('serviceGraph', {})).nodes.length).toBeGreaterThan(5);
    } finally {
      thread.close();
    }
  }, 60_000);

  it('runs in process below its size threshold', async () => {
    const small = new ReadThread(cache.db, cache.path);
    const graph = await small.run('serviceGraph', {});
    expect(graph.nodes.length).toBeGreaterThan(5);
    small.close();
  });
});
