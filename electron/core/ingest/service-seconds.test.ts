import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countedFromRows } from '../../../test/counted-services.js';
import { DENSE_T0, writeDenseLogs, writeDenseTraces, writeEarlierSpans } from '../../../test/dense-incident.js';
import { tempCache } from '../../../test/temp-cache.js';
import { buildIndexes } from '../casefile/casefile-indexes.js';
import { mergeCasefiles } from '../casefile/merge-casefiles.js';
import { saveCasefile } from '../casefile/save-casefile.js';
import { MIGRATIONS } from '../db/migrations.js';
import type { Db } from '../db/open-database.js';
import { listServices } from '../queries/services.js';
import { importFile } from './import-file.js';
import { DENSE_CELL_ITEMS, rebuildServiceSeconds } from './service-seconds.js';

const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const TRACES = 12_000;
const SEED = 7;

const seconds = (db: Db) => db.prepare('SELECT * FROM service_seconds ORDER BY service, second').safeIntegers(true).all();
const keptCells = (db: Db) =>
  db.prepare('SELECT DISTINCT service, second / 60 AS minute FROM service_seconds ORDER BY 1, 2').all() as { service: string; minute: number }[];

/** Ragged windows of every shape over the incident's minutes, seeded. */
function raggedWindows(count: number): { startNs: string; endNs: string }[] {
  let state = 99;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const span = 4n * MINUTE;
  const windows = [
    { startNs: DENSE_T0 + MINUTE + 123n, endNs: DENSE_T0 + 2n * MINUTE + 7n * SECOND }, // edges: one second and most of a minute
    { startNs: DENSE_T0 + 30n * SECOND + 1n, endNs: DENSE_T0 + 30n * SECOND + 999_999_999n }, // inside one second
    { startNs: DENSE_T0 + 59n * SECOND + 1n, endNs: DENSE_T0 + MINUTE + SECOND }, // across a minute boundary, no whole minute
    { startNs: DENSE_T0 + 5n * SECOND, endNs: DENSE_T0 + 125n * SECOND - 1n }, // whole seconds, ragged minutes
  ];
  for (let i = 0; i < count; i++) {
    const a = DENSE_T0 - 10n * SECOND + BigInt(Math.floor(next() * Number(span)));
    windows.push({ startNs: a, endNs: a + BigInt(Math.floor(next() * Number(MINUTE) * 1.5)) });
  }
  return windows.map((w) => ({ startNs: w.startNs.toString(), endNs: w.endNs.toString() }));
}

function expectExact(db: Db, label: string): void {
  for (const window of raggedWindows(40)) {
    expect(listServices(db, window), `${label} ${JSON.stringify(window)}`).toEqual(countedFromRows(db, window.startNs, window.endNs));
  }
}

describe('service_seconds: dense minutes kept per second (real SQLite file)', { timeout: 30_000 }, () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => {
    cache = tempCache();
  });
  afterEach(() => cache.dispose());

  async function importParts(): Promise<void> {
    const file = (name: string) => join(cache.dir, name);
    // A tenth first: no cell is dense yet. Then the rest, which makes cells dense (counted from their rows), then
    // log lines and earlier spans that move trace starts within and across seconds and minutes (kept cells get
    // deltas).
    writeDenseTraces(file('a.json'), { seed: SEED, traces: TRACES, to: TRACES / 10 });
    writeDenseTraces(file('b.json'), { seed: SEED, traces: TRACES, from: TRACES / 10 });
    writeDenseLogs(file('logs.json'), { seed: SEED, count: 3000 });
    writeEarlierSpans(file('moves.json'), { seed: SEED, traces: TRACES, from: 0, to: 900, earlierNs: 1_300_000_000n });
    writeEarlierSpans(file('far.json'), { seed: SEED, traces: TRACES, from: 900, to: 1200, earlierNs: 45n * SECOND });
    await importFile(cache.db, file('a.json'));
    expect(seconds(cache.db)).toEqual([]);
    expectExact(cache.db, 'a tenth');
    for (const name of ['b.json', 'logs.json', 'moves.json', 'far.json']) {
      await importFile(cache.db, file(name));
      expectExact(cache.db, name);
    }
  }

  it('answers ragged windows exactly as the rows do while cells become dense and grow, and keeps only dense cells', async () => {
    await importParts();
    const kept = keptCells(cache.db);
    // frontend, checkout, payments over 3 (partly 4) minutes; never the sparse cron service.
    expect(kept.length).toBeGreaterThanOrEqual(9);
    expect(kept.some((c) => c.service === 'cron')).toBe(false);
    const sparse = cache.db.prepare('SELECT count(*) FROM service_minutes WHERE spans + traces + logs < ?').pluck().get(DENSE_CELL_ITEMS) as number;
    expect(sparse).toBeGreaterThan(0);
    // The writer's tallies are those counted from the rows, and migration 21's fill counts the same.
    const written = seconds(cache.db);
    rebuildServiceSeconds(cache.db);
    expect(seconds(cache.db)).toEqual(written);
    cache.db.exec('DROP TABLE service_seconds');
    cache.db.exec(MIGRATIONS.find((m) => m.id === 21)!.sql);
    expect(seconds(cache.db)).toEqual(written);
  });

  it('are tallied in the write itself for cells new to the cache, and counted from rows for older ones', async () => {
    // One import makes new cells dense at once (no row is read back); a second seed's traces then make the old
    // sparse cron cells and one cell past the first incident's end grow in the same cache.
    const whole = join(cache.dir, 'whole.json');
    writeDenseTraces(whole, { seed: SEED, traces: TRACES });
    await importFile(cache.db, whole);
    const written = seconds(cache.db);
    expect(written.length).toBeGreaterThan(0);
    expectExact(cache.db, 'one import');
    const other = join(cache.dir, 'other.json');
    writeDenseTraces(other, { seed: SEED + 2, traces: TRACES, minutes: 4 });
    await importFile(cache.db, other);
    expectExact(cache.db, 'a second seed');
    const after = seconds(cache.db);
    rebuildServiceSeconds(cache.db);
    expect(seconds(cache.db)).toEqual(after);
  });

  it('are saved into a casefile as counted from its rows, copied for covered minutes', async () => {
    await importParts();
    const windowSets = [
      [{ startNs: (DENSE_T0 + 20n * SECOND + 5n).toString(), endNs: (DENSE_T0 + 150n * SECOND).toString() }],
      [{ startNs: (DENSE_T0 + 61n * SECOND).toString(), endNs: (DENSE_T0 + 64n * SECOND).toString() }],
    ];
    // The last save is from a cache as one written before migration 21 is read for a save (never migrated).
    windowSets.push(windowSets[0]!);
    for (const [i, windows] of windowSets.entries()) {
      if (i === windowSets.length - 1) cache.db.exec('DROP TABLE service_seconds');
      const file = join(cache.dir, `seconds-${i}.casefile`);
      saveCasefile(cache.path, file, { traceIds: [], logIds: [], windows, allInWindow: true }, { title: 't', author: 'a' });
      const db = new Database(file);
      try {
        const saved = seconds(db);
        if (i !== 1) expect(saved.length).toBeGreaterThan(0);
        rebuildServiceSeconds(db);
        expect(seconds(db), `windows ${i}`).toEqual(saved);
        buildIndexes(db); // as the workbench does when it opens a casefile
        expectExact(db, `casefile ${i}`);
      } finally {
        db.close();
      }
    }
  });

  it('are recounted for a merged casefile, and a casefile saved before them is counted from its rows', async () => {
    await importParts();
    const save = (name: string, startS: bigint, endS: bigint) => {
      const file = join(cache.dir, name);
      const windows = [{ startNs: (DENSE_T0 + startS * SECOND + 3n).toString(), endNs: (DENSE_T0 + endS * SECOND).toString() }];
      saveCasefile(cache.path, file, { traceIds: [], logIds: [], windows, allInWindow: true }, { title: name, author: 'a' });
      return file;
    };
    // Two investigations of overlapping minutes: the merged file's dense minutes hold rows of both.
    const merged = join(cache.dir, 'merged.casefile');
    mergeCasefiles(save('a.casefile', 10n, 100n), save('b.casefile', 70n, 170n), merged);
    const db = new Database(merged);
    try {
      const kept = seconds(db);
      expect(kept.length).toBeGreaterThan(0);
      rebuildServiceSeconds(db);
      expect(seconds(db)).toEqual(kept);
      buildIndexes(db);
      expectExact(db, 'merged');
      // As a casefile saved before migration 21 is read: without the table.
      db.exec('DROP TABLE service_seconds');
      expectExact(db, 'without service_seconds');
    } finally {
      db.close();
    }
  });

  it('are rolled back with a write that fails', async () => {
    await importParts();
    const before = seconds(cache.db);
    const bad = join(cache.dir, 'bad.json');
    writeDenseTraces(bad, { seed: SEED + 1, traces: 3000 });
    appendFileSync(bad, '{"resourceSpans": [');
    await expect(importFile(cache.db, bad)).rejects.toThrow();
    expect(seconds(cache.db)).toEqual(before);
  });
});
