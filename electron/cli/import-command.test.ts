import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpGzipBomb } from '../../test/import-samples.js';
import { tempCache } from '../../test/temp-cache.js';
import { runCasefile } from './test-support/run-casefile.js';

describe('casefile import', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => (cache = tempCache()));
  afterEach(() => cache.dispose());

  it('refuses a gzip bomb saying why, and imports it when the user raises the ratio', async () => {
    const bomb = join(cache.dir, 'bomb.json.gz');
    writeFileSync(bomb, otlpGzipBomb());
    const refused = await runCasefile(['import', bomb, '--db', cache.path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/import failed: bomb\.json\.gz: byte \d+: the gzip data expands to more than 100 times .*raise the limit/);
    const raised = await runCasefile(['import', bomb, '--db', cache.path, '--max-expansion-ratio', '5000']);
    expect([raised.code, raised.stdout]).toEqual([0, 'bomb.json.gz: otlp-json, 0 of 0 spans and 0 of 0 logs added\n']);
    const bad = await runCasefile(['import', bomb, '--db', cache.path, '--max-expanded-bytes', 'lots']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--max-expanded-bytes must be a positive number, got "lots"/)]);
  }, 60_000);

  it('imports an empty export as empty rather than refusing it', async () => {
    const empty = join(cache.dir, 'empty.json');
    writeFileSync(empty, '{"resourceLogs":[]}');
    const run = await runCasefile(['import', empty, '--db', cache.path]);
    expect([run.code, run.stdout]).toEqual([0, 'empty.json: otlp-json, 0 of 0 spans and 0 of 0 logs added\n']);
  }, 30_000);
});
