import type { LogRecord, Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { toLogRecord } from './logs.js';
import { MAX_NS, MIN_NS, attributes, nsBound } from './rows.js';
import { toSpan } from './traces.js';

export interface WindowBounds {
  startNs?: string;
  endNs?: string;
  /** Only traces that touch this service. */
  service?: string;
}

/**
 * The spans of every trace starting in the window, one array per trace, read trace by trace in trace-id order so a
 * caller folding them keeps one trace at a time (resources parsed once each).
 */
export function* windowTraces(db: Db, bounds: WindowBounds): Generator<Span[]> {
  const params = { start: nsBound(bounds.startNs, MIN_NS), end: nsBound(bounds.endNs, MAX_NS), service: bounds.service ?? null };
  const traceIds =
    bounds.service === undefined
      ? 'SELECT trace_id FROM traces WHERE start_ns BETWEEN @start AND @end'
      : 'SELECT trace_id FROM trace_services WHERE service = @service AND start_ns BETWEEN @start AND @end';
  const rows = db
    .prepare(
      `SELECT s.*, s.resource_hash AS rh FROM spans s WHERE s.trace_id IN (${traceIds})
       ORDER BY s.trace_id, s.start_ns, s.span_id`,
    )
    .safeIntegers(true)
    .iterate(params) as IterableIterator<Record<string, unknown>>;
  const resourceOf = db.prepare('SELECT attributes FROM resources WHERE hash = ?').pluck();
  const resources = new Map<string, Span['resource']>();
  let current: Span[] = [];
  for (const row of rows) {
    const hash = row.rh as string;
    let resource = resources.get(hash);
    if (resource === undefined) {
      resource = attributes(resourceOf.get(hash));
      resources.set(hash, resource);
    }
    const span = toSpan(row, resource);
    if (current.length > 0 && current[0]!.traceId !== span.traceId) {
      yield current;
      current = [];
    }
    current.push(span);
  }
  if (current.length > 0) yield current;
}

/**
 * Log lines of the window that may name a drained connection pool: the full-text index narrows them to lines with
 * these words, and the detector's own patterns decide.
 */
export function poolLogCandidates(db: Db, bounds: WindowBounds, limit = 10_000): LogRecord[] {
  const rows = db
    .prepare(
      `SELECT l.*, r.attributes AS resource FROM logs_fts f JOIN logs l ON l.id = f.rowid
       LEFT JOIN resources r ON r.hash = l.resource_hash
       WHERE logs_fts MATCH '"pool" OR "connection" OR "connections" OR "clients" OR "QueuePool"'
         AND l.time_ns BETWEEN @start AND @end ${bounds.service === undefined ? '' : 'AND l.service = @service'}
       LIMIT @limit`,
    )
    .safeIntegers(true)
    .all({ start: nsBound(bounds.startNs, MIN_NS), end: nsBound(bounds.endNs, MAX_NS), limit, ...(bounds.service === undefined ? {} : { service: bounds.service }) }) as Record<string, unknown>[];
  return rows.map(toLogRecord);
}

export interface Neighbourhood {
  /** The trace whose neighbours are wanted: left out of the answer. */
  traceId: string;
  services: readonly string[];
  /** The trace's start: neighbours are the traces nearest to it in time, on either side. */
  aroundNs: bigint;
  withinNs: bigint;
  limit: number;
  /** Traces with more spans are left out: one huge trace would cost more to read than all the others. */
  maxSpans: number;
}

/**
 * Up to `limit` traces touching any of `services`, starting within `withinNs` of `aroundNs`, nearest first. Walks
 * the (service, start) index outward from the trace's start, so the cost follows `limit`, not how busy the window is.
 */
export function neighbourTraceIds(db: Db, near: Neighbourhood): string[] {
  const side = (direction: 'after' | 'before') =>
    db.prepare(
      `SELECT ts.trace_id AS id, ts.start_ns AS start FROM trace_services ts JOIN traces t ON t.trace_id = ts.trace_id
       WHERE ts.service = @service AND ts.trace_id <> @traceId AND t.span_count <= @maxSpans
         AND ${direction === 'after' ? 'ts.start_ns >= @around AND ts.start_ns <= @to' : 'ts.start_ns < @around AND ts.start_ns >= @from'}
       ORDER BY ts.start_ns ${direction === 'after' ? 'ASC' : 'DESC'} LIMIT @limit`,
    ).safeIntegers(true);
  const after = side('after');
  const before = side('before');
  const distance = new Map<string, bigint>();
  const params = { traceId: near.traceId, maxSpans: near.maxSpans, around: near.aroundNs, from: near.aroundNs - near.withinNs, to: near.aroundNs + near.withinNs, limit: near.limit };
  for (const service of near.services) {
    for (const statement of [after, before]) {
      for (const row of statement.all({ ...params, service }) as { id: string; start: bigint }[]) {
        const d = row.start > near.aroundNs ? row.start - near.aroundNs : near.aroundNs - row.start;
        const known = distance.get(row.id);
        if (known === undefined || d < known) distance.set(row.id, d);
      }
    }
  }
  return [...distance.entries()]
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1))
    .slice(0, near.limit)
    .map(([id]) => id);
}
