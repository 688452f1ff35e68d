import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countedFromRows } from '../../../test/counted-services.js';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { MIGRATIONS } from '../db/migrations.js';
import { importFile } from '../ingest/import-file.js';
import { rebuildServiceMinutes } from '../ingest/service-minutes.js';
import { cacheCounts } from './app-info.js';
import { listServices } from './services.js';

const MINUTE = 60_000_000_000n;

describe('listServices from service_minutes (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  let first: bigint;
  let last: bigint;
  beforeEach(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    const bounds = cache.db.prepare('SELECT min(start_ns) AS a, max(start_ns) AS b FROM spans').safeIntegers(true).get() as { a: bigint; b: bigint };
    first = bounds.a;
    last = bounds.b;
  });
  afterEach(() => cache.dispose());

  it('answers every kind of window exactly as counting the rows does', () => {
    const windows: [bigint | undefined, bigint | undefined][] = [
      [undefined, undefined],
      [first, last],
      [(first / MINUTE + 3n) * MINUTE, (first / MINUTE + 9n) * MINUTE - 1n], // whole minutes only
      [first + 12_345_678_901n, last - 98_765_432_101n], // ragged edges on both sides
      [first + 5n * MINUTE + 7n, first + 5n * MINUTE + 20_000_000_000n], // inside one minute
      [first + 10n * MINUTE + 1n, first + 11n * MINUTE + 2n], // across one minute boundary, no whole minute
      [undefined, first + 7n * MINUTE + 3n],
      [last - 4n * MINUTE - 11n, undefined],
      [last + MINUTE, last + 10n * MINUTE], // after the data
    ];
    for (const [a, b] of windows) {
      const window = { startNs: a?.toString(), endNs: b?.toString() };
      expect(listServices(cache.db, window), JSON.stringify(window)).toEqual(countedFromRows(cache.db, window.startNs, window.endNs));
    }
    expect(listServices(cache.db, {}).length).toBeGreaterThan(5);
  });

  it('counts nothing twice when the same file is imported again, and the totals match the tables', async () => {
    const before = listServices(cache.db, {});
    await importFile(cache.db, DEMO_FILE, { kind: 'import', target: 'again' });
    expect(listServices(cache.db, {})).toEqual(before);
    const counted = (table: string) => (cache.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(cacheCounts(cache.db)).toEqual({ spanCount: counted('spans'), logCount: counted('logs'), traceCount: counted('traces') });
  });

  it('moves a trace to the minute of its new start when an earlier span of it arrives later', async () => {
    const traceId = '5b8efff798038103d269b633813fc60c';
    const otlp = (spanId: string, startNs: bigint, service: string) => ({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [{ spans: [{ traceId, spanId, name: 'op', kind: 2, startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 1000n) }] }],
        },
      ],
    });
    const late = join(cache.dir, 'late.json');
    const early = join(cache.dir, 'early.json');
    writeFileSync(late, JSON.stringify(otlp('eee0000000000001', last + 5n * MINUTE, 'mover')));
    writeFileSync(early, JSON.stringify(otlp('eee0000000000002', last + 2n * MINUTE, 'mover')));
    await importFile(cache.db, late);
    await importFile(cache.db, early);
    const window = (a: bigint, b: bigint) => ({ startNs: a.toString(), endNs: b.toString() });
    for (const w of [window(last + MINUTE, last + 3n * MINUTE), window(last + 4n * MINUTE, last + 6n * MINUTE), window(last, last + 9n * MINUTE)]) {
      expect(listServices(cache.db, w)).toEqual(countedFromRows(cache.db, w.startNs, w.endNs));
    }
  });

  it('fills service_minutes for a cache written before it existed (migration 11)', () => {
    const rollup = () => cache.db.prepare('SELECT * FROM service_minutes ORDER BY service, minute').safeIntegers(true).all();
    const kept = rollup();
    expect(kept.length).toBeGreaterThan(0);
    const sql = MIGRATIONS.find((m) => m.id === 11)!.sql;
    const counts = cacheCounts(cache.db);
    cache.db.exec('DROP TABLE cache_totals; DROP TABLE service_minutes;');
    cache.db.exec(sql);
    expect(rollup()).toEqual(kept);
    expect(cacheCounts(cache.db)).toEqual(counts);
    cache.db.exec('DELETE FROM service_minutes; UPDATE cache_totals SET traces = 0');
    rebuildServiceMinutes(cache.db);
    expect(rollup()).toEqual(kept);
    expect(cacheCounts(cache.db)).toEqual(counts);
  });
});
