import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { MIGRATIONS } from './migrations.js';
import { migrate, openDatabase } from './open-database.js';

let cache: ReturnType<typeof tempCache>;
afterEach(() => {
  vi.restoreAllMocks();
  cache?.dispose();
});

/** What opening `path` for writing said on stderr. */
function saidOpening(path: string): string {
  const said: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (said.push(String(chunk)), true));
  openDatabase(path).close();
  vi.restoreAllMocks();
  return said.join('');
}

describe('opening a cache', () => {
  it('says when it upgrades an existing cache, naming the steps, and nothing for a new or current one', () => {
    cache = tempCache();
    const older = `${cache.dir}/older.sqlite`;
    const db = new Database(older);
    migrate(db, MIGRATIONS.filter((m) => m.id < 21));
    db.close();
    const steps = MIGRATIONS.filter((m) => m.id >= 21).map((m) => `${m.id} ${m.name}`);
    expect(steps.slice(0, 2)).toEqual(['21 service seconds', '22 logs keyed by time']);
    expect(saidOpening(older)).toBe(
      `casefile: upgrading the cache ${older} for this version (${steps.join(', ')}); a cache of millions of rows takes a minute or two, once\n`,
    );
    expect(saidOpening(older)).toBe('');
    expect(saidOpening(`${cache.dir}/new.sqlite`)).toBe('');
  });
});
