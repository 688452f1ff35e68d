import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentCounts, tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE, openCore } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { CASEFILE_APPLICATION_ID } from './casefile-format.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { saveCasefile } from './save-casefile.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening bad casefiles: a clear error naming the file and the reason, and no byte changed', () => {
  let cache: ReturnType<typeof tempCache>;
  let good: string;
  let cacheBefore: Record<string, number>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    cacheBefore = contentCounts(cache.db);
    good = join(cache.dir, 'good.casefile');
    const traceIds = (cache.db.prepare('SELECT trace_id FROM traces ORDER BY start_ns LIMIT 40').all() as { trace_id: string }[]).map((r) => r.trace_id);
    saveCasefile(cache.path, good, { traceIds, logIds: [], windows: [], allInWindow: false }, { title: 't', author: 'a' });
  });
  afterAll(() => {
    // The cache a casefile came from is never touched by opening casefiles, good or bad.
    expect(contentCounts(cache.db)).toEqual(cacheBefore);
    cache.dispose();
  });

  /** Opens `file` both ways (the reader and a whole core, as the CLI and the UI do); both must refuse alike. */
  async function refusal(file: string): Promise<string> {
    const before = digest(file);
    expect(() => openCasefileReadOnly(file)).toThrow();
    let message = '';
    try {
      openCasefileReadOnly(file);
    } catch (error) {
      message = (error as Error).message;
    }
    await expect(openCore({ databasePath: file, mode: 'web' })).rejects.toThrow(message);
    expect(digest(file)).toBe(before);
    expect(message.startsWith(`${file}: `)).toBe(true);
    return message;
  }

  it('a truncated copy', async () => {
    const file = join(cache.dir, 'truncated.casefile');
    const bytes = readFileSync(good);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await refusal(file)).toMatch(/is truncated: \d+ bytes of the \d+ its header declares/);
    writeFileSync(file, bytes.subarray(0, 60));
    expect(await refusal(file)).toMatch(/is truncated: 60 bytes, shorter than a SQLite header/);
  });

  it('a corrupt one (pages overwritten in the middle)', async () => {
    const file = join(cache.dir, 'corrupt.casefile');
    const bytes = Buffer.from(readFileSync(good));
    const pageSize = bytes.readUInt16BE(16);
    for (let page = 3; page < bytes.length / pageSize - 2; page += 3) bytes.fill(0xa5, page * pageSize, page * pageSize + pageSize);
    writeFileSync(file, bytes);
    expect(await refusal(file)).toMatch(/is corrupt/);
  });

  it('a plain cache, a random SQLite file, a JSON file renamed, an empty file', async () => {
    const plain = join(cache.dir, 'cache-copy.casefile');
    cache.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(cache.path, plain);
    expect(await refusal(plain)).toMatch(/is not a casefile: it is a Casefile cache/);
    const other = join(cache.dir, 'other.casefile');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
    expect(await refusal(other)).toMatch(/is not a casefile: a SQLite database of another kind/);
    const json = join(cache.dir, 'notes.casefile');
    writeFileSync(json, JSON.stringify({ title: 'not a casefile', steps: [] }));
    expect(await refusal(json)).toMatch(/is not a SQLite database \(it looks like a JSON file\)/);
    const empty = join(cache.dir, 'empty.casefile');
    writeFileSync(empty, '');
    expect(await refusal(empty)).toMatch(/is empty/);
  });

  it('a casefile of a newer major format, while a newer minor still opens', async () => {
    const newer = join(cache.dir, 'newer.casefile');
    copyFileSync(good, newer);
    const db = new Database(newer);
    db.pragma('user_version = 3000');
    db.close();
    expect(await refusal(newer)).toMatch(/was written by a newer Casefile \(format 3\.0\); this one reads format 2\.x/);
    const minor = join(cache.dir, 'minor.casefile');
    copyFileSync(good, minor);
    const m = new Database(minor);
    m.pragma('user_version = 2007');
    expect(m.pragma('application_id', { simple: true })).toBe(CASEFILE_APPLICATION_ID | 0);
    m.close();
    openCasefileReadOnly(minor).close();
  });

  it('a file that is not there, or a folder', async () => {
    const missing = join(cache.dir, 'missing.casefile');
    expect(() => openCasefileReadOnly(missing)).toThrow(`${missing}: no such file`);
    await expect(openCore({ databasePath: missing, mode: 'web' })).rejects.toThrow(`${missing}: no such file`);
    expect(() => openCasefileReadOnly(cache.dir)).toThrow(`${cache.dir}: is a folder, not a casefile`);
  });
});
