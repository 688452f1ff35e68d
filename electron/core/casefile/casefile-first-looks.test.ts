import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import { importFile } from '../ingest/import-file.js';
import { buildFirstLook, firstLookLayout, saveFirstLook } from '../queries/first-look.js';
import { WaterfallModels } from '../queries/waterfall-model.js';
import { exportRedacted } from './export-casefile.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { saveCasefile } from './save-casefile.js';

describe("a big trace's first look in a casefile", () => {
  const cache = tempCache();
  let traceId: string;
  let out: string;

  beforeAll(async () => {
    const file = join(cache.dir, 'big.json');
    traceId = writeTraceFile(file, 21_000, 'jaeger').traceId;
    await importFile(cache.db, file);
    saveFirstLook(cache.db, buildFirstLook(cache.db, new WaterfallModels(cache.db), traceId)!);
    out = join(cache.dir, 'big.casefile');
    saveCasefile(cache.path, out, { traceIds: [traceId], logIds: [], windows: [], allInWindow: false }, { title: 'Big trace', author: 'alice' });
  }, 60_000);
  afterAll(() => cache.dispose());

  it('travels with the trace, so the reviewer opens it at once', () => {
    const db = openCasefileReadOnly(out);
    try {
      expect(firstLookLayout(db, traceId)).toEqual(firstLookLayout(cache.db, traceId));
      expect(firstLookLayout(db, traceId)).not.toBeNull();
    } finally {
      db.close();
    }
  });

  it('is dropped from a redacted copy: it repeats span names the rules may change', () => {
    const copy = join(cache.dir, 'redacted.casefile');
    exportRedacted(out, copy, { attributes: [], patterns: ['op-\\d+'] }, false);
    const db = new Database(copy, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM trace_first_looks').pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM spans WHERE name LIKE 'op-%'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
