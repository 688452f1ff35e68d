import type { EdgeEnd, GraphLookup } from '../../../shared/service-graph-rules.js';
import type { GraphSpan } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import { MINUTE_NS } from '../ingest/service-minutes.js';
import { json } from './rows.js';

/** A graph span with the minute it starts in (epoch ns / MINUTE_NS), where its calls are counted. */
export interface TimedGraphSpan extends GraphSpan {
  minute: number;
}

/** The columns toGraphSpan reads, in its order (attributes the rules need pulled out by SQLite). */
export const GRAPH_SPAN_COLUMNS = `trace_id, span_id, parent_id, service, kind, status_code, end_ns - start_ns AS duration_ns, links,
  json_extract(attributes, '$."db.system"') AS db_system,
  json_extract(attributes, '$."db.name"') AS db_name,
  json_extract(attributes, '$."messaging.system"') AS messaging_system,
  coalesce(json_extract(attributes, '$."messaging.destination.name"'), json_extract(attributes, '$."messaging.destination"')) AS destination,
  json_extract(attributes, '$."peer.service"') AS peer_service,
  start_ns / ${MINUTE_NS} AS minute`;

/** One row of GRAPH_SPAN_COLUMNS (a statement in raw mode, with or without safe integers). */
export function toGraphSpan(row: unknown[]): TimedGraphSpan {
  return {
    traceId: row[0] as string,
    spanId: row[1] as string,
    parentId: row[2] as string | null,
    service: row[3] as string,
    kind: Number(row[4]),
    isError: Number(row[5]) === 2,
    // A duration fits a double exactly (2^53 ns is 104 days); only absolute times need BigInt.
    durationNs: Number(row[6]),
    links: json(row[7], []),
    dbSystem: text(row[8]),
    dbName: text(row[9]),
    messagingSystem: text(row[10]),
    destination: text(row[11]),
    peerService: text(row[12]),
    minute: Number(row[13]),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The graph's lookups answered by the cache, optionally as it was before a write (rows up to `maxRowid`): parents and
 * linked spans through the span identity index, "answered by another service" through the trace's spans.
 */
export function cacheGraphLookup(db: Db, maxRowid: number | null = null): GraphLookup {
  const bound = maxRowid === null ? '' : `AND rowid <= ${maxRowid}`;
  // Of spans sharing an id, the first server half (the rules' choice).
  const byId = db.prepare(`SELECT service, kind FROM spans WHERE trace_id = ? AND span_id = ? ${bound} ORDER BY kind = 2 DESC, rowid LIMIT 1`);
  const answered = db.prepare(`SELECT 1 FROM spans WHERE trace_id = ? AND parent_id = ? AND service <> ? ${bound} LIMIT 1`).pluck();
  const find = (traceId: string, spanId: string) => byId.get(traceId, spanId) as EdgeEnd | undefined;
  return {
    parent: find,
    linked: find,
    callsOut: (traceId, spanId) => {
      const span = find(traceId, spanId);
      return span !== undefined && answered.get(traceId, spanId, span.service) !== undefined;
    },
  };
}
