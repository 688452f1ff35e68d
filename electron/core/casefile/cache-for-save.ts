import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CasefileError } from './casefile-format.js';

/**
 * Checks, before anything is written, that `cachePath` is a cache holding every trace asked for: a missing trace is
 * named rather than silently left out of the casefile.
 */
export function readCacheForSave(cachePath: string, traceIds: readonly string[]): void {
  if (!existsSync(cachePath)) throw new CasefileError(cachePath, 'no such cache');
  const db = new Database(cachePath, { readonly: true, fileMustExist: true });
  try {
    const spans = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'spans'").get();
    if (spans === undefined) throw new CasefileError(cachePath, 'is not a Casefile cache (it has no spans table)');
    const has = db.prepare('SELECT 1 FROM traces WHERE trace_id = ?').pluck();
    const missing = traceIds.filter((id) => has.get(id) === undefined);
    if (missing.length > 0) throw new CasefileError(cachePath, `does not hold trace${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  } finally {
    db.close();
  }
}
