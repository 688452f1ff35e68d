import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { CASEFILE_APPLICATION_ID, CASEFILE_EXTENSION, CasefileError, FORMAT_MAJOR, formatOf } from './casefile-format.js';

const SQLITE_MAGIC = 'SQLite format 3\0';
/** Below this size the whole file is checked page by page on open; above it, opening must stay under a second. */
const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface CasefileHeader {
  bytes: number;
  userVersion: number;
}

/**
 * Reads the 100-byte SQLite header and says whether this is a casefile this build can read, without letting SQLite
 * near the file: a truncated copy, a renamed JSON file, a plain cache or a newer format is refused with the reason.
 */
export function readCasefileHeader(file: string): CasefileHeader {
  let bytes: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new CasefileError(file, 'is a folder, not a casefile');
    bytes = stat.size;
  } catch (error) {
    if (error instanceof CasefileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CasefileError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`);
  }
  if (bytes === 0) throw new CasefileError(file, 'is empty (0 bytes): not a casefile');
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    const first = header.subarray(0, read).toString('utf8').trimStart()[0];
    const looks = first === '{' || first === '[' ? ' (it looks like a JSON file)' : '';
    throw new CasefileError(file, `is not a casefile: it is not a SQLite database${looks}`);
  }
  if (read < 100) throw new CasefileError(file, `is truncated: ${bytes} bytes, shorter than a SQLite header`);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  // The in-header page count is valid when the change counter matches "version-valid-for" (SQLite file format §1.3.9).
  const countValid = header.readUInt32BE(24) === header.readUInt32BE(92) && pageCount > 0;
  if (countValid && bytes < pageCount * pageSize) {
    throw new CasefileError(file, `is truncated: ${bytes} bytes of the ${pageCount * pageSize} its header declares`);
  }
  if (bytes % pageSize !== 0) throw new CasefileError(file, `is truncated: ${bytes} bytes is not a whole number of ${pageSize}-byte pages`);
  const applicationId = header.readInt32BE(68) >>> 0;
  const userVersion = header.readUInt32BE(60);
  if (applicationId !== CASEFILE_APPLICATION_ID) throw new CasefileError(file, `is not a casefile: ${wrongKind(file, applicationId)}`);
  const format = formatOf(userVersion);
  if (format.major > FORMAT_MAJOR) {
    throw new CasefileError(file, `was written by a newer Casefile (format ${format.text}); this one reads format ${FORMAT_MAJOR}.x: update Casefile to open it`);
  }
  if (format.major < 1) throw new CasefileError(file, `has no casefile format version (user_version ${userVersion})`);
  return { bytes, userVersion };
}

function wrongKind(file: string, applicationId: number): string {
  if (applicationId !== 0) return `a SQLite database of another application (application_id 0x${applicationId.toString(16)})`;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('spans', 'schema_migrations')").all();
      if (tables.length === 2) return 'it is a Casefile cache (save a casefile from it with "casefile case save --db CACHE --out FILE.casefile")';
    } finally {
      db.close();
    }
  } catch {
    // Unreadable as SQLite: the plain answer below is still true.
  }
  return 'a SQLite database of another kind (no casefile application_id)';
}

/**
 * Opens a casefile for reading only: nothing on the connection can write, so opening (even a read-only file, even a
 * damaged one) never changes a byte. Damage SQLite reports later is named with the file (see `casefileQueryError`).
 */
export function openCasefileReadOnly(file: string): Db {
  const header = readCasefileHeader(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CasefileError(file, `cannot be opened: ${(error as Error).message}`);
  }
  try {
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    if (header.bytes <= QUICK_CHECK_MAX_BYTES) {
      let problems: { quick_check: string }[];
      try {
        problems = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
      } catch (error) {
        // The check itself failing (e.g. a damaged full-text table whose constructor fails) is damage too.
        throw new CasefileError(file, `is corrupt: ${(error as Error).message}`);
      }
      if (problems.length !== 1 || problems[0]!.quick_check !== 'ok') {
        throw new CasefileError(file, `is corrupt: ${problems.map((p) => p.quick_check).join('; ')}`);
      }
    }
    const meta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'casefile_meta'").get();
    if (meta === undefined) throw new CasefileError(file, 'is damaged: it has the casefile marks but no casefile_meta table');
    return db;
  } catch (error) {
    db.close();
    throw asCasefileError(file, error);
  }
}

/** SQLite's own words for a damaged file, with the file named. */
export function asCasefileError(file: string, error: unknown): Error {
  if (error instanceof CasefileError) return error;
  const message = (error as Error).message;
  if (/malformed|not a database|corrupt/i.test(message)) return new CasefileError(file, `is corrupt: ${message}`);
  return new CasefileError(file, `cannot be read: ${message}`);
}


/**
 * Whether `file` is meant as a casefile: its extension says so, or its header carries the casefile application_id
 * (a casefile renamed). A missing file is not: the cache path may name a file still to be created.
 */
export function looksLikeCasefile(file: string): boolean {
  if (file.toLowerCase().endsWith(CASEFILE_EXTENSION)) return true;
  try {
    const header = Buffer.alloc(72);
    const fd = openSync(file, 'r');
    try {
      if (readSync(fd, header, 0, 72, 0) < 72) return false;
    } finally {
      closeSync(fd);
    }
    return header.subarray(0, 16).toString('latin1') === SQLITE_MAGIC && header.readInt32BE(68) >>> 0 === CASEFILE_APPLICATION_ID;
  } catch {
    return false;
  }
}
