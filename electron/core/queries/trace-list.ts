import { TRACE_COUNT_CAP, type TraceListPage, type TraceSort, type TraceSummary } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';
import { toTraceSummary } from './trace-summary-row.js';

export interface TraceSearch {
  service?: string;
  /** Only traces with a span of this name (of `service`, when given). */
  operation?: string;
  errorsOnly: boolean;
  minDurationNs?: number;
  maxDurationNs?: number;
  sort?: TraceSort;
  ascending?: boolean;
  offset?: number;
  limit: number;
  startNs?: string;
  endNs?: string;
}

/**
 * The traces list: traces touching `service`, having an `operation`, having errors, within duration bounds, newest
 * (or longest, biggest, most erroring) first, one page at a time. With a service, a trace's time is when that service
 * first appears in it (trace_services), so a long trace is listed where the service took part.
 */
export function searchTraces(db: Db, search: TraceSearch): TraceSummary[] {
  if (search.operation !== undefined && isNewestFirstPage(search)) return newestWithOperation(db, { ...search, operation: search.operation });
  const { sql, params } = filtered(search);
  const rows = db
    .prepare(`SELECT t.* ${sql} ORDER BY ${orderBy(search)} LIMIT @limit OFFSET @offset`)
    .safeIntegers(true)
    .all({ ...params, limit: search.limit, offset: search.offset ?? 0 }) as Record<string, unknown>[];
  return rows.map(toTraceSummary);
}

/**
 * A page of the list and how many traces match in all. With an operation the count reads spans, so it stops at
 * TRACE_COUNT_CAP (a lower bound then); the other filters count from the traces summary, exactly.
 */
export function listTraces(db: Db, search: TraceSearch): TraceListPage {
  const traces = searchTraces(db, search);
  if (search.operation !== undefined) return { traces, ...countWithOperation(db, { ...search, operation: search.operation }) };
  const { sql, params } = filtered(search);
  return { traces, total: Number(db.prepare(`SELECT count(*) ${sql}`).pluck().get(params)), capped: false };
}

/**
 * Traces with a span of the operation that pass the other filters, counted by walking the operation's spans newest
 * first (each new trace checked against the filters by its key) and stopping at TRACE_COUNT_CAP, so a common
 * operation never costs a read of every span in the window.
 */
export function countWithOperation(db: Db, search: TraceSearch & { operation: string }, cap = TRACE_COUNT_CAP): { total: number; capped: boolean } {
  const base = filtered({ ...search, operation: undefined });
  const passes = db.prepare(`SELECT 1 ${base.sql} AND t.trace_id = @traceId`).pluck();
  const seen = new Set<string>();
  let total = 0;
  for (const traceId of operationSpans(db, search)) {
    if (seen.has(traceId)) continue;
    seen.add(traceId);
    if (passes.get({ ...base.params, traceId }) === undefined) continue;
    if (++total >= cap) return { total, capped: true };
  }
  return { total, capped: false };
}

/** Trace ids of the operation's spans in the window, newest span first, through the (service, start) or (start) index. */
function operationSpans(db: Db, search: TraceSearch & { operation: string }): IterableIterator<string> {
  const byService = search.service !== undefined;
  const statement = db
    .prepare(
      `SELECT trace_id FROM spans INDEXED BY ${byService ? 'spans_by_service_time' : 'spans_by_time'}
       WHERE ${byService ? 'service = @service AND ' : ''}start_ns BETWEEN @start AND @end AND name = @operation
       ORDER BY ${byService ? 'service DESC, ' : ''}start_ns DESC`,
    )
    .pluck();
  const params = { start: nsBound(search.startNs, MIN_NS), end: nsBound(search.endNs, MAX_NS), operation: search.operation, ...(byService ? { service: search.service } : {}) };
  return statement.iterate(params) as IterableIterator<string>;
}

function isNewestFirstPage(search: TraceSearch): boolean {
  return (search.sort ?? 'start') === 'start' && search.ascending !== true && (search.offset ?? 0) === 0 && search.minDurationNs === undefined && search.maxDurationNs === undefined;
}

/** FROM and WHERE for the filters; `t` is the traces row, `ts` the service's trace_services row when filtered by one. */
function filtered(search: TraceSearch): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { start: nsBound(search.startNs, MIN_NS), end: nsBound(search.endNs, MAX_NS) };
  const byService = search.service !== undefined;
  const where = [byService ? 'ts.service = @service AND ts.start_ns BETWEEN @start AND @end' : 't.start_ns BETWEEN @start AND @end'];
  if (byService) params.service = search.service;
  if (search.errorsOnly) where.push('t.error_count > 0');
  if (search.minDurationNs !== undefined) {
    where.push('t.end_ns - t.start_ns >= @minDuration');
    params.minDuration = BigInt(search.minDurationNs);
  }
  if (search.maxDurationNs !== undefined) {
    where.push('t.end_ns - t.start_ns <= @maxDuration');
    params.maxDuration = BigInt(search.maxDurationNs);
  }
  if (search.operation !== undefined) {
    // Spans of the operation in the window; the (service, start) or (start) index bounds the walk.
    where.push(`t.trace_id IN (SELECT trace_id FROM spans INDEXED BY ${byService ? 'spans_by_service_time' : 'spans_by_time'}
      WHERE ${byService ? 'service = @service AND ' : ''}start_ns BETWEEN @start AND @end AND name = @operation)`);
    params.operation = search.operation;
  }
  const from = byService ? 'FROM trace_services ts JOIN traces t USING (trace_id)' : 'FROM traces t';
  return { sql: `${from} WHERE ${where.join(' AND ')}`, params };
}

function orderBy(search: TraceSearch): string {
  const direction = search.ascending === true ? 'ASC' : 'DESC';
  const start = search.service !== undefined ? 'ts.start_ns' : 't.start_ns';
  const key = { start, duration: 't.end_ns - t.start_ns', spans: 't.span_count', errors: 't.error_count' }[search.sort ?? 'start'];
  // Ties (equal span or error counts are common) fall back to newest first, then the id, so pages never overlap.
  return `${key} ${direction}, ${start} DESC, t.trace_id`;
}

/**
 * The first page newest first of traces with a span named `operation`: spans are walked newest first through the
 * (service, start) or (start) index and the walk stops once `limit` traces are found, so a common operation costs a
 * few thousand rows, not every span in the window.
 */
function newestWithOperation(db: Db, search: TraceSearch & { operation: string }): TraceSummary[] {
  const summary = db.prepare(`SELECT * FROM traces WHERE trace_id = ?${search.errorsOnly ? ' AND error_count > 0' : ''}`).safeIntegers(true);
  const seen = new Set<string>();
  const found: TraceSummary[] = [];
  for (const traceId of operationSpans(db, search)) {
    if (seen.has(traceId)) continue;
    seen.add(traceId);
    const row = summary.get(traceId) as Record<string, unknown> | undefined;
    if (row !== undefined) found.push(toTraceSummary(row));
    if (found.length >= search.limit) break;
  }
  return found;
}
