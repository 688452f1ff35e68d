import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Checks the cache path before SQLite sees it. SQLite creates whatever file it is pointed at and treats an empty file
 * as an empty database, so a mistyped `--db` would silently become a new, empty cache (and every answer "nothing").
 * Read commands therefore need an existing cache; commands that write (import, serve, pull, source add) may create
 * one, but only in a folder that exists — except the default path, whose folder is the app's own to create.
 * Returns the problem in words naming the path, or null when the path is fine.
 */
export function cachePathProblem(path: string, { mayCreate, isDefault }: { mayCreate: boolean; isDefault: boolean }): string | null {
  const stat = statOrNull(path);
  if (stat === null) {
    if (!mayCreate) return `no cache at ${path}${isDefault ? ' (nothing imported yet: casefile import FILE)' : ''}`;
    if (!isDefault && statOrNull(dirname(path))?.isDirectory() !== true) {
      return `cannot create a cache at ${path}: the folder ${dirname(path)} does not exist`;
    }
    return null;
  }
  if (stat.isDirectory()) return `${path} is a folder, not a cache file`;
  if (stat.size === 0) return `${path} is an empty file, not a Casefile cache`;
  if (!startsWithSqliteHeader(path)) return `${path} is not a Casefile cache (not an SQLite database)`;
  return null;
}

const SQLITE_HEADER = 'SQLite format 3\0';

function startsWithSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
