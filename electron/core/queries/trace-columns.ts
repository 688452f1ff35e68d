import { hostKey, type SpanColumns } from '../../../shared/trace/span-tree.js';
import type { Db } from '../db/open-database.js';
import { attributes } from './rows.js';

/** A trace read as columns for the waterfall: what the tree needs plus what rows show. */
export interface TraceColumns extends SpanColumns {
  readonly traceStartNs: bigint;
  readonly names: readonly string[];
  /** Index into `services`. */
  readonly serviceOf: Uint32Array;
  readonly services: readonly string[];
  readonly errors: Uint8Array;
  readonly truncated: boolean;
}

/** Past this a trace is cut: the waterfall stays usable and says so. */
export const MAX_WATERFALL_SPANS = 2_000_000;

const ERROR_STATUS = 2;

/**
 * Reads one trace's spans straight into typed columns: no Span objects, no attribute JSON. No ORDER BY: sorting a
 * million rows in SQLite costs more than the one typed-array sort the tree does when the input is unordered.
 * FOLLOWS_FROM is detected in SQL so link JSON is parsed only for the rare spans that have it.
 */
export function readTraceColumns(db: Db, traceId: string, maxSpans = MAX_WATERFALL_SPANS, arrivedAfter?: number): TraceColumns | null {
  // A running import's trace (arrivedAfter: the last rowid before it began) is read in arrival order, its first
  // spans first; both queries look at those rows only, never at the whole trace stored so far.
  const source =
    arrivedAfter === undefined
      ? 'FROM spans WHERE trace_id = @traceId'
      : 'FROM (SELECT * FROM spans NOT INDEXED WHERE rowid > @arrivedAfter AND trace_id = @traceId ORDER BY rowid LIMIT @count)';
  const bounds = db.prepare(`SELECT min(start_ns) AS start, count(*) AS n ${source}`).safeIntegers(true).get({ traceId, arrivedAfter, count: maxSpans }) as
    | { start: bigint | null; n: bigint }
    | undefined;
  if (bounds === undefined || bounds.start === null) return null;
  const total = Number(bounds.n);
  // Times come back already relative to the trace's start, computed in SQLite's 64-bit integers: offsets inside one
  // trace are exact as doubles, so no column needs BigInt (four BigInts a row cost more than the read itself).
  const count = Math.min(total, maxSpans);
  const base = bounds.start;

  const spanIds: string[] = new Array<string>(count);
  const parentIds: (string | null)[] = new Array<string | null>(count);
  const names: string[] = new Array<string>(count);
  const kinds = new Uint8Array(count);
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const errors = new Uint8Array(count);
  const followsFrom = new Uint8Array(count);
  const serviceOf = new Uint32Array(count);
  const hosts: string[] = new Array<string>(count);
  const serviceIndex = new Map<string, number>();
  const services: string[] = [];
  const hostOfResource = new Map<string, string>();
  const resourceStmt = db.prepare('SELECT attributes FROM resources WHERE hash = ?').pluck();

  const rows = db
    .prepare(
      `SELECT span_id, parent_id, kind, service, name, start_ns - @base, end_ns - @base, status_code, resource_hash,
              CASE WHEN links IS NOT NULL AND instr(lower(links), 'follows_from') > 0 THEN links END AS follows
       ${source} LIMIT @count`,
    )
    .raw(true)
    .iterate({ base, traceId, count, arrivedAfter }) as IterableIterator<unknown[]>;
  let i = 0;
  for (const row of rows) {
    const [spanId, parentId, kind, service, name, start, end, status, resourceHash, follows] = row as [
      string,
      string | null,
      number,
      string,
      string,
      number,
      number,
      number,
      string,
      string | null,
    ];
    spanIds[i] = spanId;
    parentIds[i] = parentId;
    names[i] = name;
    kinds[i] = kind;
    starts[i] = start;
    ends[i] = Math.max(start, end);
    errors[i] = status === ERROR_STATUS ? 1 : 0;
    let s = serviceIndex.get(service);
    if (s === undefined) {
      s = services.push(service) - 1;
      serviceIndex.set(service, s);
    }
    serviceOf[i] = s;
    // A resource is one process, so one service: its hash alone identifies the clock.
    let host = hostOfResource.get(resourceHash);
    if (host === undefined) {
      host = hostKey(attributes(resourceStmt.get(resourceHash)), service);
      hostOfResource.set(resourceHash, host);
    }
    hosts[i] = host;
    if (follows !== null && parentId !== null) followsFrom[i] = linksFollowParent(follows, parentId) ? 1 : 0;
    i++;
  }
  return {
    count: i,
    spanIds,
    parentIds,
    names,
    kinds,
    starts,
    ends,
    errors,
    followsFrom,
    hosts,
    serviceOf,
    services,
    traceStartNs: base,
    truncated: total > count,
  };
}

function linksFollowParent(json: string, parentId: string): boolean {
  const links = JSON.parse(json) as { spanId?: string; attributes?: Record<string, unknown> }[];
  return links.some((link) => {
    const type = link.attributes?.['jaeger.ref_type'] ?? link.attributes?.['opentracing.ref_type'];
    return link.spanId === parentId && typeof type === 'string' && type.toLowerCase() === 'follows_from';
  });
}
