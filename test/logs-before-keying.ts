import type { Db } from '../electron/core/db/open-database.js';

const COLUMNS = `id, time_ns, observed_ns, severity_number, severity_text, body, service, trace_id, span_id, attributes,
  resource_hash, scope, fingerprint, load_id`;

/**
 * Rewrites a file's logs as a build before migration 22 left them: the fingerprint alone is the line's identity (a
 * UNIQUE column), pull results name lines by fingerprint alone, and 22 is not applied. A cache keeps its lookup
 * indexes (the old time index among them); a casefile (`casefile`) carried none.
 */
export function asBeforeLogKeying(db: Db, { casefile = false } = {}): void {
  db.exec(`
    ALTER TABLE pull_log_results DROP COLUMN time_ns;
    CREATE TABLE logs_before (
      id INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, observed_ns INTEGER, severity_number INTEGER NOT NULL DEFAULT 0,
      severity_text TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, service TEXT NOT NULL, trace_id TEXT, span_id TEXT,
      attributes TEXT NOT NULL DEFAULT '{}', resource_hash TEXT NOT NULL, scope TEXT, fingerprint INTEGER NOT NULL UNIQUE,
      load_id INTEGER);
    INSERT INTO logs_before (${COLUMNS}) SELECT ${COLUMNS} FROM logs ORDER BY id;
    DROP TABLE logs;
    ALTER TABLE logs_before RENAME TO logs;
    CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
      INSERT INTO logs_fts(logs_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END;
    DELETE FROM schema_migrations WHERE id = 22;`);
  if (casefile) return;
  db.exec(`
    CREATE INDEX logs_by_trace ON logs (trace_id, span_id, time_ns) WHERE trace_id IS NOT NULL;
    CREATE INDEX logs_by_service_time_severity ON logs (service, time_ns, severity_number);
    CREATE INDEX logs_by_time_severity ON logs (time_ns, severity_number);`);
}
