import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { asBeforeLogKeying } from '../../../test/logs-before-keying.js';
import { contentCounts } from '../../../test/temp-cache.js';
import { buildIndexes, missingIndexes } from '../casefile/casefile-indexes.js';
import { mergeCasefiles } from '../casefile/merge-casefiles.js';
import { openCasefileReadOnly } from '../casefile/open-casefile.js';
import { saveCasefile } from '../casefile/save-casefile.js';
import { pulledLogs } from '../sources/pull-ledger.js';
import { fakeLoki, type LokiStream } from '../sources/test-support/fake-loki.js';
import { sourceHarness, type SourceHarness } from '../sources/test-support/harness.js';
import { startLoopback, type Loopback } from '../sources/test-support/loopback.js';
import { MIGRATIONS } from './migrations.js';
import { migrate, type Db } from './open-database.js';

const T = 1_700_000_000_000_000_000n;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
/** Lines out of time order, two sharing a nanosecond, some carrying a trace: what a real Loki answer mixes. */
const CHECKOUT: LokiStream = {
  labels: { service_name: 'checkout' },
  entries: Array.from({ length: 40 }, (_, i) => ({
    ts: T + BigInt((i * 7919) % 40) * 1_000_000n + BigInt(i % 2),
    line: `level=${i % 5 === 0 ? 'error' : 'info'} msg="payment step ${i}"`,
    metadata: i % 3 === 0 ? { trace_id: TRACE, span_id: `00f067aa0ba902${String(i).padStart(2, '0')}` } : undefined,
  })),
};
const CART: LokiStream = {
  labels: { service_name: 'cart' },
  entries: Array.from({ length: 10 }, (_, i) => ({ ts: T + BigInt(i) * 3_000_000n, line: `level=warn msg="cart ${i} payment retried"` })),
};
const WINDOW = { startNs: (T - 1_000_000_000n).toString(), endNs: (T + 1_000_000_000n).toString() };

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

/** Two Loki pulls into a fresh cache: their ledger entries name the lines they found. */
async function pulled(): Promise<number[]> {
  server = await startLoopback(fakeLoki([CHECKOUT, CART]));
  h = await sourceHarness();
  await h.add({ name: 'loki', kind: 'loki', url: server.url });
  const loadIds: number[] = [];
  for (const service of ['checkout', 'cart']) {
    const job = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service, limit: 100, ...WINDOW } }));
    expect(job.error).toBeNull();
    loadIds.push(job.loadId!);
  }
  return loadIds;
}

const bodies = (db: Db, loadId: number) => pulledLogs(db, loadId, 1000).map((l) => `${l.timeNs} ${l.body}`);
const allLogs = (db: Db) => db.prepare('SELECT * FROM logs ORDER BY id').safeIntegers(true).all();
const matches = (db: Db, word: string) => db.prepare('SELECT count(*) FROM logs_fts WHERE logs_fts MATCH ?').pluck().get(word) as number;
const logIndexes = (db: Db) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs' ORDER BY name").pluck().all() as string[]);
const timeIndex = (db: Db) =>
  (db.prepare('EXPLAIN QUERY PLAN SELECT id FROM logs WHERE time_ns BETWEEN ? AND ? AND severity_number >= 17').all(1, 2) as { detail: string }[])
    .map((r) => r.detail)
    .join('; ');

describe('logs keyed by time (migration 22)', () => {
  it('carries a cache over: the same rows and ids, its full-text index, its pulls; a line pulled again is stored once', async () => {
    const loadIds = await pulled();
    const db = h.core.db;
    const before = { rows: allLogs(db), pulls: loadIds.map((id) => bodies(db, id)), payment: matches(db, 'payment') };
    expect(before.pulls.map((p) => p.length)).toEqual([40, 10]);

    asBeforeLogKeying(db);
    // A cache not yet migrated still answers its pulls by fingerprint (a save reads such a cache).
    expect(loadIds.map((id) => bodies(db, id))).toEqual(before.pulls);
    migrate(db, MIGRATIONS);

    expect(allLogs(db)).toEqual(before.rows);
    expect(loadIds.map((id) => bodies(db, id))).toEqual(before.pulls);
    expect(matches(db, 'payment')).toBe(before.payment);
    expect(logIndexes(db)).toEqual(['logs_by_service_time_severity', 'logs_by_trace', 'logs_identity']);
    expect(db.prepare('SELECT count(*) FROM pull_log_results WHERE time_ns IS NULL').pluck().get()).toBe(0);
    expect(timeIndex(db)).toContain('logs_identity');

    const counts = contentCounts(db);
    const again = await h.finished(await h.client.pullLogs({ source: 'loki', query: { service: 'checkout', limit: 100, ...WINDOW }, refresh: true }));
    expect(again).toMatchObject({ state: 'done', cached: false });
    expect(again.logs).toHaveLength(40);
    expect(contentCounts(db)).toEqual(counts);
    // A deleted line leaves the full-text index too (the trigger came over with the table).
    db.prepare('DELETE FROM logs WHERE body LIKE ?').run('%cart 3 %');
    expect(matches(db, 'payment')).toBe(before.payment - 1);
  });

  it('a save from a cache not yet migrated names its pulled lines by time', async () => {
    const loadIds = await pulled();
    const expected = loadIds.map((id) => bodies(h.core.db, id));
    asBeforeLogKeying(h.core.db);
    const file = join(h.dir, 'from-old-cache.casefile');
    saveCasefile(h.databasePath, file, { traceIds: [], logIds: [], windows: [WINDOW], allInWindow: true }, { title: 't', author: 'a' });
    const saved = openCasefileReadOnly(file);
    try {
      expect(loadIds.map((id) => bodies(saved, id))).toEqual(expected);
      expect(saved.prepare('SELECT count(*) FROM pull_log_results WHERE time_ns IS NULL').pluck().get()).toBe(0);
    } finally {
      saved.close();
    }
  });

  it('a casefile saved before it answers its pulls, gets the time-first identity from its reader, and merges either way round', async () => {
    const loadIds = await pulled();
    const expected = loadIds.map((id) => bodies(h.core.db, id));
    const current = join(h.dir, 'current.casefile');
    saveCasefile(h.databasePath, current, { traceIds: [], logIds: [], windows: [WINDOW], allInWindow: true }, { title: 'now', author: 'a' });
    const older = join(h.dir, 'older.casefile');
    copyFileSync(current, older);
    const rewrite = new Database(older);
    asBeforeLogKeying(rewrite, { casefile: true });
    rewrite.close();

    const read = openCasefileReadOnly(older);
    try {
      expect(loadIds.map((id) => bodies(read, id))).toEqual(expected);
      expect(missingIndexes(read).filter((i) => i.table === 'logs').map((i) => i.name)[0]).toBe('logs_identity');
    } finally {
      read.close();
    }
    // The reader's writable copy gets the identity first; the logs' time windows then read it.
    const copy = join(h.dir, 'older-copy.sqlite');
    copyFileSync(older, copy);
    const indexed = new Database(copy);
    try {
      expect(timeIndex(indexed)).not.toContain('logs_identity');
      buildIndexes(indexed);
      expect(logIndexes(indexed)).toContain('logs_identity');
      expect(timeIndex(indexed)).toContain('logs_identity');
      expect(missingIndexes(indexed)).toEqual([]);
    } finally {
      indexed.close();
    }

    const lines = (h.core.db.prepare('SELECT count(*) FROM logs').pluck().get() as number);
    for (const [base, other] of [[older, current], [current, older]] as const) {
      const out = join(h.dir, `merged-${base === older ? 'older' : 'current'}-first.casefile`);
      const merged = mergeCasefiles(base, other, out);
      expect(merged.added.logs, out).toBe(0);
      const db = openCasefileReadOnly(out);
      try {
        expect(db.prepare('SELECT count(*) FROM logs').pluck().get()).toBe(lines);
        expect(db.prepare('SELECT count(*) FROM pull_log_results WHERE time_ns IS NULL').pluck().get()).toBe(0);
        // The other file's pulls come after the base's loads, and find the base's copy of each line.
        const shifted = Number(db.prepare('SELECT max(id) FROM loads').pluck().get()) / 2;
        expect(loadIds.map((id) => bodies(db, id)), out).toEqual(expected);
        expect(loadIds.map((id) => bodies(db, id + shifted)), out).toEqual(expected);
        // Lookup indexes stay for the reader (format 2), even where the migration built them.
        expect(logIndexes(db)).toEqual(['logs_identity']);
      } finally {
        db.close();
      }
    }
  });
});
