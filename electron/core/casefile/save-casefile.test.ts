import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE, openCore } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { rebuildServiceMinutes } from '../ingest/service-minutes.js';
import { CASEFILE_APPLICATION_ID, FORMAT_USER_VERSION } from './casefile-format.js';
import { casefileInfo } from './casefile-info.js';
import { deferredIndexes, missingIndexes, needsIndexing } from './casefile-indexes.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { openCasefileForViews } from './opened-casefile.js';
import { saveCasefile } from './save-casefile.js';

type Row = Record<string, unknown>;

describe('saving a casefile from the demo cache (real SQLite files)', () => {
  let cache: ReturnType<typeof tempCache>;
  let traceIds: string[];
  let out: string;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    traceIds = (cache.db.prepare('SELECT trace_id FROM traces WHERE error_count > 0 ORDER BY start_ns LIMIT 3').all() as { trace_id: string }[]).map(
      (r) => r.trace_id,
    );
    out = join(cache.dir, 'incident.casefile');
    saveCasefile(cache.path, out, { traceIds, logIds: [], windows: [], allInWindow: false }, { title: 'Checkout errors', author: 'alice' });
  });
  afterAll(() => cache.dispose());

  const spansOf = (db: typeof cache.db, ids: string[]) =>
    db
      .prepare(
        `SELECT trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, status_code, status_message, attributes,
           resource_hash, events, links, scope FROM spans WHERE trace_id IN (${ids.map(() => '?').join(',')}) ORDER BY trace_id, span_id, start_ns`,
      )
      .safeIntegers(true)
      .all(...ids) as Row[];

  it('marks the file as a casefile for any tool (application_id, user_version) and leaves one file, no temp, no WAL', () => {
    const header = readFileSync(out).subarray(0, 100);
    expect(header.readUInt32BE(68)).toBe(CASEFILE_APPLICATION_ID);
    expect(header.readUInt32BE(60)).toBe(FORMAT_USER_VERSION);
    expect(readdirSync(cache.dir).filter((f) => f.includes('incident'))).toEqual(['incident.casefile']);
    expect(existsSync(`${out}-wal`)).toBe(false);
  });

  it('copies the chosen traces exactly: ids, ns times, attributes, resources; and their logs by id', () => {
    const db = openCasefileReadOnly(out);
    try {
      const copied = spansOf(db, traceIds);
      expect(copied.length).toBeGreaterThan(0);
      expect(copied).toEqual(spansOf(cache.db, traceIds));
      const logs = (d: typeof db) =>
        d.prepare(`SELECT * FROM logs WHERE trace_id IN (${traceIds.map(() => '?').join(',')}) ORDER BY id`).safeIntegers(true).all(...traceIds);
      expect(logs(db)).toEqual(logs(cache.db));
      expect((db.prepare('SELECT count(*) AS n FROM traces').get() as Row).n).toBe(3);
      const missingResources = db.prepare('SELECT count(*) AS n FROM spans WHERE resource_hash NOT IN (SELECT hash FROM resources)').get() as Row;
      expect(missingResources.n).toBe(0);
      const info = casefileInfo(db, out);
      expect(info).toMatchObject({ formatVersion: '2.0', title: 'Checkout errors', author: 'alice', evidence: 'looked-at' });
      expect(info.counts.spans).toBe(copied.length);
    } finally {
      db.close();
    }
  });

  it('answers the views from the casefile alone, read-only, even when the file itself is read-only', async () => {
    chmodSync(out, 0o444);
    const before = readFileSync(out);
    const core = await openCore({ databasePath: out, mode: 'web' });
    try {
      expect(core.casefile).toBe(true);
      const traces = await core.handlers.searchTraces({ limit: 50, errorsOnly: false });
      expect(traces.map((t) => t.traceId).sort()).toEqual([...traceIds].sort());
      const detail = await core.handlers.getTrace({ traceId: traceIds[0]!, maxSpans: 50_000 });
      expect(detail.spans.length).toBeGreaterThan(0);
      const logs = await core.handlers.searchLogs({ text: 'error', limit: 10 });
      expect(Array.isArray(logs.logs)).toBe(true);
      expect((await core.handlers.serviceGraph({})).edges.length).toBeGreaterThan(0);
      await expect(core.handlers.importFiles({ paths: [DEMO_FILE] })).rejects.toThrow(/read-only as offline evidence/);
    } finally {
      core.close();
    }
    expect(readFileSync(out).equals(before)).toBe(true);
    chmodSync(out, 0o644);
  });

  it('keeps every log of the window with --all-in-window, and only the traces\' logs without', async () => {
    const bounds = cache.db.prepare('SELECT min(time_ns) AS s, max(time_ns) AS e FROM logs').safeIntegers(true).get() as { s: bigint; e: bigint };
    const window = { startNs: bounds.s.toString(), endNs: bounds.e.toString() };
    const all = join(cache.dir, 'all.casefile');
    const looked = join(cache.dir, 'looked.casefile');
    const everything = saveCasefile(cache.path, all, { traceIds: [], logIds: [], windows: [window], allInWindow: true }, { title: 't', author: 'a' });
    const lookedAt = saveCasefile(cache.path, looked, { traceIds: [], logIds: [], windows: [window], allInWindow: false }, { title: 't', author: 'a' });
    const cacheLogs = (cache.db.prepare('SELECT count(*) AS n FROM logs').get() as { n: number }).n;
    const tracedLogs = (cache.db.prepare('SELECT count(*) AS n FROM logs WHERE trace_id IS NOT NULL').get() as { n: number }).n;
    expect(everything.logs).toBe(cacheLogs);
    expect(lookedAt.logs).toBe(tracedLogs);
    expect(lookedAt.spans).toBe((cache.db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n);
    // Neither file carries the lookup or full-text indexes of its logs (format 2); opened, they are built on a
    // working copy, and full text finds every line it holds.
    const matches = async (file: string) => {
      const plain = openCasefileReadOnly(file);
      expect(needsIndexing(plain)).toBe(true);
      expect(missingIndexes(plain).map((i) => i.name)).toEqual(deferredIndexes().map((i) => i.name));
      plain.close();
      const opened = openCasefileForViews(file, join(cache.dir, 'work'));
      try {
        expect(opened.path).not.toBe(file);
        await opened.indexed;
        expect(needsIndexing(opened.db)).toBe(false);
        return (opened.db.prepare("SELECT count(*) AS n FROM logs_fts WHERE logs_fts MATCH '\"userId\"'").get() as { n: number }).n;
      } finally {
        opened.close();
      }
    };
    const inCache = (cache.db.prepare("SELECT count(*) AS n FROM logs_fts WHERE logs_fts MATCH '\"userId\"'").get() as { n: number }).n;
    expect(inCache).toBeGreaterThan(0);
    expect(await matches(all)).toBe(inCache);
    expect(await matches(looked)).toBe(
      (cache.db.prepare("SELECT count(*) AS n FROM logs_fts f JOIN logs l ON l.id = f.rowid WHERE logs_fts MATCH '\"userId\"' AND l.trace_id IS NOT NULL").get() as { n: number }).n,
    );
    for (const file of [all, looked]) {
      const db = new Database(file, { readonly: true });
      expect(() => db.prepare("SELECT * FROM logs_fts WHERE logs_fts MATCH '\"userId\"'").all()).not.toThrow();
      db.close();
    }
  });
});

describe('the overview minutes of a casefile (real SQLite files)', () => {
  it('are those counted from its rows, whether copied from the cache (whole minutes of a window) or counted', async () => {
    const cache = tempCache();
    try {
      await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
      const bounds = cache.db.prepare('SELECT min(start_ns) AS s, max(end_ns) AS e FROM traces').safeIntegers(true).get() as { s: bigint; e: bigint };
      const at = (share: number) => (bounds.s + ((bounds.e - bounds.s) * BigInt(Math.round(share * 1000))) / 1000n).toString();
      // Ragged windows: one overlapping another, one a few seconds long, one past the data's end.
      const windowSets = [
        [{ startNs: at(0.1), endNs: at(0.45) }, { startNs: at(0.4), endNs: at(0.7) }],
        [{ startNs: at(0.5), endNs: (BigInt(at(0.5)) + 7_000_000_000n).toString() }],
        [{ startNs: at(0.8), endNs: (bounds.e + 600_000_000_000n).toString() }],
        [{ startNs: '0', endNs: ((1n << 63n) - 1n).toString() }],
      ];
      for (const [i, windows] of windowSets.entries()) {
        const file = join(cache.dir, `minutes-${i}.casefile`);
        saveCasefile(cache.path, file, { traceIds: [], logIds: [], windows, allInWindow: true }, { title: 't', author: 'a' });
        const db = new Database(file);
        try {
          const minutes = () => db.prepare('SELECT * FROM service_minutes ORDER BY service, minute').safeIntegers(true).all();
          const saved = minutes();
          expect(saved.length, `windows ${i}`).toBeGreaterThan(0);
          rebuildServiceMinutes(db);
          expect(saved).toEqual(minutes());
        } finally {
          db.close();
        }
      }
    } finally {
      cache.dispose();
    }
  });
});
