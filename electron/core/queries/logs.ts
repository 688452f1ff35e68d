import type { LogPage } from '../../../shared/api-types.js';
import type { LogRecord } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, attributes, int, ns, nsBound } from './rows.js';

export interface LogSearch {
  traceId?: string;
  spanId?: string;
  service?: string;
  text?: string;
  minSeverity?: number;
  limit: number;
  startNs?: string;
  endNs?: string;
}

/**
 * Turns what a user typed into an FTS5 query that cannot be a syntax error: every word becomes a quoted phrase, and
 * all must match; a word ending in * matches every word starting with it. The index stems (migration 15), so
 * "sleep" also finds "sleeping". (FTS5 operators are not offered; a stray quote or dash must not fail the search.)
 */
export function ftsQuery(text: string): string | null {
  const words = [...text.matchAll(/([\p{L}\p{N}_]+)(\*?)/gu)];
  if (words.length === 0) return null;
  return words.map(([, word, star]) => `"${word}"${star}`).join(' ');
}

/** Logs by trace, span, service, window, text and severity; oldest first for a trace, newest first otherwise. */
export function searchLogs(db: Db, search: LogSearch): LogPage {
  const where: string[] = ['l.time_ns BETWEEN @start AND @end'];
  const params: Record<string, unknown> = {
    start: nsBound(search.startNs, MIN_NS),
    end: nsBound(search.endNs, MAX_NS),
    limit: search.limit + 1,
  };
  if (search.traceId !== undefined) {
    where.push('l.trace_id = @traceId');
    params.traceId = search.traceId;
  }
  if (search.spanId !== undefined) {
    where.push('l.span_id = @spanId');
    params.spanId = search.spanId;
  }
  if (search.service !== undefined) {
    where.push('l.service = @service');
    params.service = search.service;
  }
  if (search.minSeverity !== undefined) {
    where.push('l.severity_number >= @minSeverity');
    params.minSeverity = search.minSeverity;
  }
  let from = 'logs l';
  if (search.text !== undefined) {
    const match = ftsQuery(search.text);
    if (match === null) return { logs: [], more: false };
    from = 'logs_fts f JOIN logs l ON l.id = f.rowid';
    where.push('logs_fts MATCH @match');
    params.match = match;
  }
  const order = search.traceId !== undefined ? 'l.time_ns ASC, l.id ASC' : 'l.time_ns DESC, l.id DESC';
  const rows = db
    .prepare(
      `SELECT l.*, r.attributes AS resource FROM ${from} LEFT JOIN resources r ON r.hash = l.resource_hash
       WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`,
    )
    .safeIntegers(true)
    .all(params) as Record<string, unknown>[];
  const more = rows.length > search.limit;
  return { logs: rows.slice(0, search.limit).map(toLogRecord), more };
}

export function toLogRecord(row: Record<string, unknown>): LogRecord {
  return {
    id: int(row.id),
    timeNs: ns(row.time_ns),
    severityNumber: int(row.severity_number),
    severityText: row.severity_text as string,
    body: row.body as string,
    service: row.service as string,
    traceId: row.trace_id as string | null,
    spanId: row.span_id as string | null,
    attributes: attributes(row.attributes),
    resource: attributes(row.resource),
    sourceId: null,
  };
}
