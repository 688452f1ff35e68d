import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** SQLite page cache in MiB. */
  cacheMiB?: number;
}

/**
 * The connection imports and pulls write through. Memory is the budget here (issue 10: ≤ 400 MB importing a 1 GB
 * trace): a 256 MiB page cache bought 6% on 2M logs and nothing measurable on spans, for +250 MiB of peak RSS.
 * Temporary files go to disk, as SQLite's sorter would otherwise hold the end-of-import sort of every new span id
 * (span-id-lookup.ts) in memory: ~40 MiB per million spans.
 */
export function openWriteConnection(path: string): Db {
  const db = openDatabase(path, { cacheMiB: 64 });
  db.pragma('temp_store = FILE');
  return db;
}

/**
 * New files use 16 KiB pages, not SQLite's 4 KiB: the span indexes are keyed by random trace ids, so every insert
 * lands on a random leaf, and bigger leaves split a quarter as often. The bare insert loop of `bench ingest-levers`
 * ran +32% faster (113k → 149k spans/s).
 */
const PAGE_SIZE = 16384;

/** Opens (creating if needed) the cache at `path`, in WAL mode, with every migration applied. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  if (!options.readonly) {
    // Takes effect only on a new, empty file (before WAL writes its first page); a cache keeps the size it has.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`);
  db.pragma('temp_store = MEMORY');
  // Said before an existing cache's migrations run: some copy or count every row once (migration 22 took 59 s for
  // 10M log lines), and a workbench or command that says nothing for a minute looks hung.
  const announce = (pending: readonly Migration[]) =>
    process.stderr.write(
      `casefile: upgrading the cache ${path} for this version (${pending.map((m) => `${m.id} ${m.name}`).join(', ')}); ` +
        'a cache of millions of rows takes a minute or two, once\n',
    );
  if (!options.readonly) migrate(db, MIGRATIONS, announce);
  return db;
}

function hashOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/** `onUpgrade`: told which migrations will run on a file that already had some (not on a new file). */
export function migrate(db: Db, migrations: Migration[], onUpgrade?: (pending: readonly Migration[]) => void): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT id, hash FROM schema_migrations').all() as { id: number; hash: string }[]).map((row) => [
      row.id,
      row.hash,
    ]),
  );
  const pending = migrations.filter((m) => !applied.has(m.id));
  if (onUpgrade !== undefined && applied.size > 0 && pending.length > 0) onUpgrade(pending);
  for (const migration of migrations) {
    const hash = hashOf(migration);
    const existing = applied.get(migration.id);
    if (existing !== undefined) {
      if (existing !== hash) {
        throw new Error(
          `database migration ${migration.id} (${migration.name}) differs from the one applied to this file; ` +
            'migrations are append-only',
        );
      }
      continue;
    }
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)').run(
        migration.id,
        migration.name,
        hash,
        Date.now(),
      );
    })();
  }
  // Two lists can share one file (the cache's, ids below 1000; a casefile's own, ids from 1001): a list only
  // judges the applied ids of its own thousand, so the cache's check does not trip on the casefile's tables.
  const newest = Math.max(...migrations.map((m) => m.id));
  const family = migrationFamily(newest);
  const unknown = [...applied.keys()].filter((id) => id > newest && migrationFamily(id) === family);
  if (unknown.length > 0) {
    throw new Error(`database was written by a newer Casefile (schema migration ${unknown.join(', ')} is unknown here)`);
  }
}

/** Which list a migration id belongs to: 0 for the cache's (1–999), 1 for a casefile's (1001–1999). */
function migrationFamily(id: number): number {
  return Math.floor(id / 1000);
}
