import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate } from '../db/open-database.js';
import { importFile } from './import-file.js';
import { rebuildOperations } from './operations.js';

/** The operations summary (migration 14) must say exactly what the spans say, however it was filled. */
describe('operations summary (demo incident, real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  const kept = () => cache.db.prepare('SELECT * FROM operations ORDER BY service, name').safeIntegers(true).all();
  const counted = () =>
    cache.db
      .prepare(
        `SELECT service, name, count(*) AS spans, sum(status_code = 2) AS errors, min(start_ns) AS first_ns, max(start_ns) AS last_ns
         FROM spans GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .safeIntegers(true)
      .all();

  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it('is kept by the writer as spans arrive, a second import of the same file adding nothing', async () => {
    expect(kept()).toEqual(counted());
    expect(kept().length).toBe(38);
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident again' });
    expect(kept()).toEqual(counted());
  });

  it('is filled from the spans of a cache that existed before it', () => {
    cache.db.exec("DROP TABLE operations; DELETE FROM schema_migrations WHERE id = 14");
    migrate(cache.db, MIGRATIONS);
    expect(kept()).toEqual(counted());
  });

  it('is rebuilt the same from the rows (a casefile’s evidence is copied table to table)', () => {
    cache.db.exec("UPDATE operations SET spans = 0");
    rebuildOperations(cache.db);
    expect(kept()).toEqual(counted());
  });
});
