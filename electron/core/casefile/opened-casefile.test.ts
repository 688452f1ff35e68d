import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE, openCore } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { buildIndexes, fullTextMissing, needsIndexing } from './casefile-indexes.js';
import { openCasefileForViews } from './opened-casefile.js';
import { saveCasefile } from './save-casefile.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening a casefile that left its indexes to the reader (format 2; real SQLite files)', () => {
  let cache: ReturnType<typeof tempCache>;
  let file: string;
  let work: string;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    file = join(cache.dir, 'demo.casefile');
    work = join(cache.dir, 'work');
    const window = cache.db.prepare('SELECT min(time_ns) AS s, max(time_ns) AS e FROM logs').safeIntegers(true).get() as { s: bigint; e: bigint };
    saveCasefile(cache.path, file, { traceIds: [], logIds: [], windows: [{ startNs: window.s.toString(), endNs: window.e.toString() }], allInWindow: true }, { title: 't', author: 'a' });
  });
  afterAll(() => cache.dispose());

  it('reads a working copy at once, builds the indexes there, never writes the file, and removes the copy on close', async () => {
    const before = digest(file);
    const opened = openCasefileForViews(file, work);
    expect(opened.path.startsWith(work)).toBe(true);
    expect(() => opened.db.exec('DELETE FROM spans')).toThrow(/readonly|query_only|attempt to write/i);
    await opened.indexed;
    expect(needsIndexing(opened.db)).toBe(false);
    opened.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readdirSync(work)).toEqual([]);
    expect(digest(file)).toBe(before);
  });

  it('answers a text search with every matching line, as the cache does, even when asked before the indexes are in', async () => {
    const expected = cache.db.prepare("SELECT count(*) FROM logs_fts WHERE logs_fts MATCH '\"userId\"'").pluck().get() as number;
    expect(expected).toBeGreaterThan(0);
    const core = await openCore({ databasePath: file, mode: 'web', journalFolder: cache.dir });
    try {
      // Asked at once: the traces list does not wait; the search waits for the full-text index and misses nothing.
      const [traces, page] = await Promise.all([core.handlers.searchTraces({ limit: 50, errorsOnly: false }), core.handlers.correlatedLogs({ text: 'userId', limit: 5000 })]);
      expect(traces.length).toBeGreaterThan(0);
      expect(page.logs.length).toBe(expected);
    } finally {
      core.close();
    }
  });

  it('removes working copies a killed process left behind, and keeps those of a living one', async () => {
    const dead = join(work, '999999999-0123abcd.casefile-copy');
    const alive = join(work, `${process.pid}-0123abcd.casefile-copy`);
    for (const f of [dead, `${dead}-wal`, alive]) writeFileSync(f, 'left over');
    openCasefileForViews(file, work).close();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(`${dead}-wal`)).toBe(false);
    expect(existsSync(alive)).toBe(true);
  });

  it('reads a format 1 casefile (every index inside) in place', () => {
    const old = join(cache.dir, 'format1.casefile');
    copyFileSync(file, old);
    const db = new Database(old);
    buildIndexes(db);
    db.pragma('user_version = 1000');
    db.close();
    const opened = openCasefileForViews(old, work);
    try {
      expect(opened.path).toBe(old);
      expect(fullTextMissing(opened.db)).toBe(false);
    } finally {
      opened.close();
    }
  });

  it('a casefile whose indexes cannot be built: views still answer, a text search fails naming the file', async () => {
    const hostile = join(cache.dir, 'hostile.casefile');
    copyFileSync(file, hostile);
    const db = new Database(hostile);
    // A table where an index of the migrations must go: building it fails on the copy.
    db.exec('CREATE TABLE logs_by_trace (x)');
    db.close();
    const before = digest(hostile);
    const core = await openCore({ databasePath: hostile, mode: 'web', journalFolder: cache.dir });
    try {
      expect((await core.handlers.searchTraces({ limit: 5, errorsOnly: false })).length).toBeGreaterThan(0);
      await expect(core.handlers.correlatedLogs({ text: 'userId', limit: 10 })).rejects.toThrow(`${hostile}: its indexes could not be built`);
      // A page of logs without text is still read, by a scan.
      expect((await core.handlers.correlatedLogs({ limit: 10 })).logs.length).toBe(10);
    } finally {
      core.close();
    }
    expect(digest(hostile)).toBe(before);
  });
});
