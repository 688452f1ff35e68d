import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempCache, UPSTREAM } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { dismissFailedLoad, listLoads } from './loads.js';

describe('the load ledger', () => {
  const cache = tempCache();
  afterAll(() => cache.dispose());

  it('keeps a failed import with its error until dismissed, and never dismisses a load that brought data', async () => {
    const bad = join(cache.dir, 'bad.json');
    writeFileSync(bad, '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 7}]}]}]}');
    await expect(importFile(cache.db, bad)).rejects.toThrow(/bad\.json/);
    const good = await importFile(cache.db, join(UPSTREAM, 'jaeger-v1-http/jaeger-ui__issue115_follows-from_envelope.json'));
    const [latest, failed] = listLoads(cache.db, 10);
    expect(latest!.id).toBe(good.id);
    expect(failed).toMatchObject({ status: 'failed', spansAdded: 0, error: expect.stringContaining('bad.json') });

    expect(dismissFailedLoad(cache.db, good.id)).toBe('not-failed');
    expect(dismissFailedLoad(cache.db, failed!.id)).toBe('dismissed');
    expect(dismissFailedLoad(cache.db, failed!.id)).toBe('missing');
    expect(listLoads(cache.db, 10).map((l) => l.id)).toEqual([good.id]);
  });
});
