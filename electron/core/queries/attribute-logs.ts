import type { LogPage } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { attributeKeyParams, prefilteredAttributeTextSql } from './attribute-match.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';
import { toLogRecord } from './logs.js';

/**
 * Logs whose own attributes or whose resource have key = value, newest first. Walks the time index backwards and
 * stops at `limit`, so a common value (a service version, a host) answers at once.
 */
export function logsByAttribute(db: Db, search: { key: string; value: string; limit: number; startNs?: string; endNs?: string }): LogPage {
  const key = attributeKeyParams(search.key);
  const hashes = db
    .prepare(`SELECT hash FROM resources WHERE ${prefilteredAttributeTextSql('attributes')} = @value`)
    .pluck()
    .all({ ...key, value: search.value }) as string[];
  const rows = db
    .prepare(
      `SELECT l.*, r.attributes AS resource FROM logs l LEFT JOIN resources r ON r.hash = l.resource_hash
       WHERE l.time_ns BETWEEN @start AND @end
         AND (l.resource_hash IN (SELECT value FROM json_each(@hashes)) OR ${prefilteredAttributeTextSql('l.attributes')} = @value)
       ORDER BY l.time_ns DESC, l.id DESC LIMIT @limit`,
    )
    .safeIntegers(true)
    .all({
      ...key,
      value: search.value,
      hashes: JSON.stringify(hashes),
      start: nsBound(search.startNs, MIN_NS),
      end: nsBound(search.endNs, MAX_NS),
      limit: search.limit + 1,
    }) as Record<string, unknown>[];
  return { logs: rows.slice(0, search.limit).map(toLogRecord), more: rows.length > search.limit };
}
