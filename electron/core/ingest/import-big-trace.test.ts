import { readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTraceFile } from '../../../test/trace-files.js';
import { contentCounts, tempCache } from '../../../test/temp-cache.js';
import { importFile } from './import-file.js';

/**
 * A Jaeger trace bigger than the splitter reads whole (8 MiB) is opened and streamed span by span; spans before the
 * trace's `processes` (where Jaeger writes them) are held back, past 4 MiB in a temporary file, and read once the
 * processes are known. 40,000 spans ≈ 19 MB: both thresholds are crossed.
 */
const SPANS = 40_000;
const pendingDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('casefile-pending-')).length;

describe('importing one trace too big to read whole', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => (cache = tempCache()));
  afterEach(() => cache.dispose());

  for (const processesFirst of [false, true]) {
    it(`imports every span with its process's service (processes ${processesFirst ? 'first' : 'last, as Jaeger writes them'})`, async () => {
      const before = pendingDirs();
      const path = join(cache.dir, 'trace.json');
      const file = writeTraceFile(path, SPANS, 'jaeger', { processesFirst });
      const load = await importFile(cache.db, path);
      expect(load.status).toBe('done');
      expect(load.spansAdded).toBe(SPANS);
      const services = cache.db.prepare('SELECT service, count(*) AS n FROM spans GROUP BY service ORDER BY service').all() as { service: string; n: number }[];
      expect(services.map((s) => s.service)).toEqual([...file.services].sort());
      const root = cache.db.prepare(`SELECT s.name, r.attributes FROM spans s JOIN resources r ON r.hash = s.resource_hash WHERE s.parent_id IS NULL`).get() as { name: string; attributes: string };
      expect(root.name).toBe('GET /checkout');
      expect(JSON.parse(root.attributes)).toMatchObject({ 'service.name': 'frontend', 'host.name': 'frontend-0' });
      const errors = cache.db.prepare('SELECT count(*) AS n FROM spans WHERE status_code = 2').get() as { n: number };
      expect(errors.n).toBe(Math.floor((SPANS - 1) / 101) + 1);
      expect(pendingDirs()).toBe(before);
    });
  }

  it('refuses a bad span deep inside it by its path, keeps the cache as it was, and leaves no temporary file', async () => {
    const before = pendingDirs();
    const path = join(cache.dir, 'bad.json');
    writeTraceFile(path, SPANS, 'jaeger');
    const text = readFileSync(path, 'utf8');
    const needle = '"spanID":"0000000000007531"'; // span 30,000 (ids count from 1)
    const at = text.indexOf(needle);
    writeFileSync(path, text.slice(0, at) + text.slice(at).replace(/"startTime":\d+/, '"startTime":"soon"'));
    const counts = contentCounts(cache.db);
    const error = await importFile(cache.db, path).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/bad\.json: byte \d+: record data\[0\]\.spans\[30000\]\.startTime: /);
    expect(contentCounts(cache.db)).toEqual(counts);
    expect(pendingDirs()).toBe(before);
  });

  it('refuses it cut short, naming the record it was in', async () => {
    const path = join(cache.dir, 'cut.json');
    writeTraceFile(path, SPANS, 'jaeger');
    truncateSync(path, 15_000_000);
    const error = await importFile(cache.db, path).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/cut\.json: byte 15000000: record data\[0\]\.spans\[\d+\]: unexpected end of file/);
    expect(contentCounts(cache.db).spans).toBe(0);
  });
});
