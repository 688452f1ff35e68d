import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate, type Db } from '../db/open-database.js';
import { edgeMinutesMissing, rebuildEdgeMinutes } from '../ingest/edge-minutes-rebuild.js';

/**
 * What a casefile leaves out and its reader builds (format 2): the lookup indexes of spans and logs, the logs'
 * full-text index and the service graph's summaries. They are derived from the rows alone, and on a casefile of 1M logs they were 56% of the file and
 * two thirds of the save (issue 8: a casefile ≤ 1.3× its rows, saved in ≤ 2 s). Unique indexes stay: they are the
 * rows' identity (a merge keeps a span both files hold once by them).
 *
 * Which indexes to build comes from this build's own migrations, never from the file: opening a casefile executes
 * nothing it carries.
 */
export interface IndexDefinition {
  name: string;
  table: 'spans' | 'logs';
  sql: string;
}

/** Spans first: the waterfall and graph come before the logs in an investigation's first look. */
const DEFERRED_TABLES = ['spans', 'logs'] as const;
/**
 * Built first of the logs' indexes: the logs view's first page (the window's newest lines) needs only this one. It is
 * the logs' identity, which a casefile keeps; one saved before migration 22 has the old identity (the fingerprint
 * alone) and gets this one from its reader, which its rows satisfy (unique by fingerprint, so by the triple too).
 */
const FIRST_LOG_INDEX = 'logs_identity';

let definitions: (IndexDefinition & { unique: boolean })[] | null = null;

/** Every index the migrations give spans and logs, as their CREATE INDEX statements, the order to build them in. */
function spanAndLogIndexes(): readonly (IndexDefinition & { unique: boolean })[] {
  if (definitions === null) {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS);
      const rows = db
        .prepare("SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .all() as { name: string; tableName: string; sql: string }[];
      const first = (r: { name: string }) => (r.name === FIRST_LOG_INDEX ? 0 : 1);
      definitions = DEFERRED_TABLES.flatMap((table) =>
        rows
          .filter((r) => r.tableName === table)
          .sort((a, b) => first(a) - first(b))
          .map((r) => ({ name: r.name, table, sql: r.sql, unique: r.sql.startsWith('CREATE UNIQUE') })),
      );
    } finally {
      db.close();
    }
  }
  return definitions;
}

/** The non-unique indexes the migrations give spans and logs: what a casefile leaves out. */
export function deferredIndexes(): readonly IndexDefinition[] {
  return spanAndLogIndexes().filter((index) => !index.unique);
}

/** Drops the deferred indexes from `schema` (a casefile being written). */
export function dropDeferredIndexes(db: Db, schema = 'main'): void {
  for (const index of deferredIndexes()) db.exec(`DROP INDEX IF EXISTS ${schema}.${index.name}`);
}

/** The indexes this file lacks: the deferred ones, and a unique one an older casefile had under another key. */
export function missingIndexes(db: Db): IndexDefinition[] {
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[]));
  return spanAndLogIndexes()
    .filter((index) => !present.has(index.name))
    .map(({ name, table, sql }) => ({ name, table, sql }));
}

/** True when the file holds logs but no full-text index of them (a casefile leaves it out). */
export function fullTextMissing(db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM logs) AND NOT EXISTS (SELECT 1 FROM logs_fts_docsize)').pluck().get() === 1;
}

export function needsIndexing(db: Db): boolean {
  return missingIndexes(db).length > 0 || fullTextMissing(db) || edgeMinutesMissing(db);
}

/**
 * Builds what `needsIndexing` found missing, each index in its own transaction so readers beside it (WAL) use each
 * as soon as it is there; the full-text index last, after `onLookups`. `db` must be a writable copy: a casefile
 * itself is never written.
 */
export function buildIndexes(db: Db, onLookups: () => void = () => undefined): void {
  for (const index of missingIndexes(db)) db.exec(index.sql);
  onLookups();
  // The graph's summaries (a casefile leaves them out too); the graph counts rows until they are in.
  if (edgeMinutesMissing(db)) db.transaction(() => rebuildEdgeMinutes(db))();
  if (fullTextMissing(db)) db.exec("INSERT INTO logs_fts (logs_fts) VALUES ('rebuild')");
}
