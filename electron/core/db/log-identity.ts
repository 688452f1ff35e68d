import type { Db } from './open-database.js';

/**
 * Whether `schema` names a log line by (time, fingerprint), as migration 22 keys the logs, rather than by its
 * fingerprint alone. A casefile saved before it is read, never migrated, and neither is the cache a save reads: both
 * still index the fingerprint alone, and joins on it stay fast there.
 */
export function logLinesKeyedByTime(db: Db, schema = 'main'): boolean {
  return db.prepare("SELECT 1 FROM pragma_table_info('pull_log_results', ?) WHERE name = 'time_ns'").get(schema) !== undefined;
}
