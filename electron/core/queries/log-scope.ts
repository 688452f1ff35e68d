import type { Db } from '../db/open-database.js';
import { ftsQuery } from './logs.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';

export interface LogFilter {
  /** Canonical ids (the handler canonicalises what a person typed). */
  traceId?: string;
  spanId?: string;
  service?: string;
  text?: string;
  minSeverity?: number;
  startNs?: string;
  endNs?: string;
}

/**
 * One SELECT's worth of logs: `where` selects rows of `logs l`, `correlation` is an SQL expression naming how each
 * row is tied to the subject. A subject's logs are a UNION ALL of disjoint branches.
 */
export interface LogBranch {
  where: string[];
  correlation: string;
}

export interface LogScope {
  /**
   * 'subject': a span's or trace's logs: few rows, in time order, text checked per row.
   * 'stream': a service's or every log, possibly millions: each query must walk an index in order and stop early.
   */
  kind: 'subject' | 'stream';
  branches: LogBranch[];
  params: Record<string, unknown>;
  /** The FTS5 query for the text filter, if any. */
  match: string | null;
  /** The span's (or trace's) interval, when the subject is one that is in the cache. */
  subject: { startNs: bigint; endNs: bigint } | null;
}

/** Classifies a row by the ids it carries. */
const BY_IDS = "CASE WHEN l.trace_id IS NULL THEN 'service-time' WHEN l.span_id IS NULL THEN 'trace' ELSE 'span' END";

/**
 * Resolves a filter into the branches that select its logs. A span's logs are those carrying its id, plus logs of
 * its service during it that carry no span id (or no ids at all: 'service-time'). A trace's logs are those carrying
 * its id, plus id-less logs of each of its services during that service's part of the trace.
 * Returns null when the text filter has no searchable word (nothing can match).
 */
export function resolveLogScope(db: Db, filter: LogFilter): LogScope | null {
  const params: Record<string, unknown> = {
    start: nsBound(filter.startNs, MIN_NS),
    end: nsBound(filter.endNs, MAX_NS),
  };
  const common = ['l.time_ns BETWEEN @start AND @end'];
  if (filter.service !== undefined) {
    common.push('l.service = @service');
    params.service = filter.service;
  }
  if (filter.minSeverity !== undefined && filter.minSeverity > 0) {
    common.push('l.severity_number >= @minSeverity');
    params.minSeverity = filter.minSeverity;
  }
  let match: string | null = null;
  if (filter.text !== undefined) {
    match = ftsQuery(filter.text);
    if (match === null) return null;
    params.match = match;
  }
  if (filter.traceId === undefined) {
    return { kind: 'stream', branches: [{ where: common, correlation: BY_IDS }], params, match, subject: null };
  }
  params.traceId = filter.traceId;
  // A trace's few logs are checked against the index one by one: FTS5 seeks each term's doclist to the rowid.
  const scoped = match === null ? common : [...common, 'EXISTS (SELECT 1 FROM logs_fts WHERE logs_fts MATCH @match AND rowid = l.id)'];
  return filter.spanId === undefined ? traceScope(db, scoped, params, match) : spanScope(db, filter.spanId, scoped, params, match);
}

function spanScope(db: Db, spanId: string, common: string[], params: Record<string, unknown>, match: string | null): LogScope {
  params.spanId = spanId;
  const branches: LogBranch[] = [{ where: [...common, 'l.trace_id = @traceId', 'l.span_id = @spanId'], correlation: "'span'" }];
  // Zipkin-style shared ids can give one span id two rows (client and server halves): take the whole extent.
  const span = db
    .prepare(
      `SELECT service, min(start_ns) AS start_ns, max(end_ns) AS end_ns FROM spans
       WHERE trace_id = @traceId AND span_id = @spanId GROUP BY service ORDER BY start_ns LIMIT 1`,
    )
    .safeIntegers(true)
    .get(params) as { service: string; start_ns: bigint; end_ns: bigint } | undefined;
  if (span === undefined) return { kind: 'subject', branches, params, match, subject: null };
  Object.assign(params, { s0: span.service, a0: span.start_ns, b0: span.end_ns });
  branches.push({
    where: [
      ...common,
      'l.service = @s0',
      'l.time_ns BETWEEN @a0 AND @b0',
      '(l.trace_id IS NULL OR (l.trace_id = @traceId AND l.span_id IS NULL))',
    ],
    correlation: "CASE WHEN l.trace_id IS NULL THEN 'service-time' ELSE 'trace' END",
  });
  return { kind: 'subject', branches, params, match, subject: { startNs: span.start_ns, endNs: span.end_ns } };
}

function traceScope(db: Db, common: string[], params: Record<string, unknown>, match: string | null): LogScope {
  const branches: LogBranch[] = [
    { where: [...common, 'l.trace_id = @traceId'], correlation: "CASE WHEN l.span_id IS NULL THEN 'trace' ELSE 'span' END" },
  ];
  const services = db
    .prepare('SELECT service, min(start_ns) AS start_ns, max(end_ns) AS end_ns FROM spans WHERE trace_id = @traceId GROUP BY service')
    .safeIntegers(true)
    .all(params) as { service: string; start_ns: bigint; end_ns: bigint }[];
  let subject: LogScope['subject'] = null;
  for (const [i, service] of services.entries()) {
    Object.assign(params, { [`s${i}`]: service.service, [`a${i}`]: service.start_ns, [`b${i}`]: service.end_ns });
    branches.push({
      where: [...common, `l.service = @s${i}`, `l.time_ns BETWEEN @a${i} AND @b${i}`, 'l.trace_id IS NULL'],
      correlation: "'service-time'",
    });
    subject = {
      startNs: subject === null || service.start_ns < subject.startNs ? service.start_ns : subject.startNs,
      endNs: subject === null || service.end_ns > subject.endNs ? service.end_ns : subject.endNs,
    };
  }
  return { kind: 'subject', branches, params, match, subject };
}

/** `SELECT <columns> FROM logs l WHERE …` for each branch, joined with UNION ALL. */
export function unionOfBranches(scope: LogScope, columns: (branch: LogBranch) => string, extraWhere: string[] = []): string {
  return scope.branches
    .map((branch) => `SELECT ${columns(branch)} FROM logs l WHERE ${[...branch.where, ...extraWhere].join(' AND ')}`)
    .join('\nUNION ALL\n');
}
