import type { CorrelatedLog, CorrelatedLogPage, LogCorrelation, LogCursor, LogOrder } from '../../../shared/views/logs-types.js';
import { highlightRanges, searchTokens } from '../../../shared/views/text-highlight.js';
import type { Db } from '../db/open-database.js';
import { resolveLogScope, unionOfBranches, type LogFilter, type LogScope } from './log-scope.js';
import { toLogRecord } from './logs.js';

export interface LogPageRequest extends LogFilter {
  limit: number;
  after?: LogCursor;
}

const COLUMNS = 'l.*';

/**
 * One page of the logs tied to a span, a trace, or a service window (see log-scope.ts), with where the text matched.
 * Paging is keyset (the last row's time and id), never OFFSET: page 100 costs what page 1 does.
 */
export function correlatedLogs(db: Db, request: LogPageRequest): CorrelatedLogPage {
  const plan = logPageQuery(db, request);
  if (plan === null) return { logs: [], order: 'time-desc', next: null };
  const rows = db.prepare(plan.sql).safeIntegers(true).all(plan.params) as Record<string, unknown>[];
  const order = plan.order;
  const tokens = request.text === undefined ? [] : searchTokens(request.text);
  const logs = rows.slice(0, request.limit).map((row): CorrelatedLog => {
    const log = toLogRecord(row);
    return { ...log, correlation: row.correlation as LogCorrelation, highlights: highlightRanges(log.body, tokens) };
  });
  const last = logs[logs.length - 1];
  const next = rows.length > request.limit && last !== undefined ? { timeNs: last.timeNs, id: last.id } : null;
  return { logs, order, next };
}

export interface LogPageQuery {
  sql: string;
  params: Record<string, unknown>;
  order: LogOrder;
}

/** The statement behind a page (exported so tests and the benchmark can check its query plan). */
export function logPageQuery(db: Db, request: LogPageRequest): LogPageQuery | null {
  const scope = resolveLogScope(db, request);
  if (scope === null) return null;
  const params: Record<string, unknown> = { ...scope.params, limit: request.limit + 1 };
  return { ...pageSql(db, scope, request.after, params), params };
}

/** Below this many matches in the whole cache a word is "rare": sorting all its matches by time is cheap. */
export const RARE_MATCHES = 4000;

/** Whether the word has fewer than RARE_MATCHES matches; counting stops at the cap, so this costs little. */
export function fewMatches(db: Db, match: string): boolean {
  const count = db.prepare('SELECT count(*) FROM (SELECT 1 FROM logs_fts WHERE logs_fts MATCH ? LIMIT ?)').pluck().get(match, RARE_MATCHES) as number;
  return count < RARE_MATCHES;
}

function pageSql(db: Db, scope: LogScope, after: LogCursor | undefined, params: Record<string, unknown>): { sql: string; order: LogOrder } {
  const branch = scope.branches[0]!;
  if (after !== undefined) Object.assign(params, { afterTime: BigInt(after.timeNs), afterId: after.id });
  if (scope.kind === 'subject') {
    // The time bound is written out beside the row comparison so each branch's index range starts at the cursor.
    const keyset = after === undefined ? [] : ['l.time_ns >= @afterTime', '(l.time_ns > @afterTime OR l.id > @afterId)'];
    const union = unionOfBranches(scope, (b) => `${COLUMNS}, ${b.correlation} AS correlation`, keyset);
    return {
      sql: `SELECT u.*, r.attributes AS resource FROM (${union}) u LEFT JOIN resources r ON r.hash = u.resource_hash
            ORDER BY u.time_ns, u.id LIMIT @limit`,
      order: 'time-asc',
    };
  }
  if (scope.match !== null && !fewMatches(db, scope.match)) {
    // A common word: FTS5 yields matches by rowid, descending when asked, so the first page stops after `limit`
    // matches instead of collecting and sorting every match (1.8 s at 1M logs). CROSS JOIN keeps FTS5 the outer
    // loop even when a service filter tempts the planner to walk the service's logs and sort (it did).
    const keyset = after === undefined ? '' : 'AND f.rowid < @afterId';
    return {
      sql: `SELECT ${COLUMNS}, ${branch.correlation} AS correlation, r.attributes AS resource
            FROM logs_fts f CROSS JOIN logs l ON l.id = f.rowid LEFT JOIN resources r ON r.hash = l.resource_hash
            WHERE logs_fts MATCH @match ${keyset} AND ${branch.where.join(' AND ')}
            ORDER BY f.rowid DESC LIMIT @limit`,
      order: 'ingest-desc',
    };
  }
  // A rare word has few enough matches to sort them all by time (below); without text the index is in time order.
  const fts = scope.match === null ? '' : 'logs_fts f CROSS JOIN ';
  const ftsWhere = scope.match === null ? [] : ['logs_fts MATCH @match', 'l.id = f.rowid'];
  const keyset = after === undefined ? [] : ['l.time_ns <= @afterTime', '(l.time_ns < @afterTime OR l.id < @afterId)'];
  return {
    sql: `SELECT ${COLUMNS}, ${branch.correlation} AS correlation, r.attributes AS resource
          FROM ${fts}logs l LEFT JOIN resources r ON r.hash = l.resource_hash
          WHERE ${[...ftsWhere, ...branch.where, ...keyset].join(' AND ')} ORDER BY l.time_ns DESC, l.id DESC LIMIT @limit`,
    order: 'time-desc',
  };
}
