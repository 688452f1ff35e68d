import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate } from '../db/open-database.js';
import { CASEFILE_MIGRATIONS } from './casefile-migrations.js';

describe('two migration lists in one file', () => {
  it('applies the cache list and the casefile list to one file, in either order, again and again', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    migrate(db, CASEFILE_MIGRATIONS);
    expect(() => migrate(db, MIGRATIONS)).not.toThrow();
    expect(() => migrate(db, CASEFILE_MIGRATIONS)).not.toThrow();
    const ids = (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual([...MIGRATIONS.map((m) => m.id), ...CASEFILE_MIGRATIONS.map((m) => m.id)]);
  });

  it('still refuses an unknown newer migration of its own list, and only of its own', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    migrate(db, CASEFILE_MIGRATIONS);
    db.prepare("INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (1999, 'from the future', 'x', 0)").run();
    expect(() => migrate(db, CASEFILE_MIGRATIONS)).toThrow(/newer Casefile \(schema migration 1999/);
    expect(() => migrate(db, MIGRATIONS)).not.toThrow();
    db.prepare("INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (999, 'from the future', 'x', 0)").run();
    expect(() => migrate(db, MIGRATIONS)).toThrow(/schema migration 999 is unknown/);
  });
});
