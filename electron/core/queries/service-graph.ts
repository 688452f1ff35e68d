import type { ServiceGraph } from '../../../shared/api-types.js';
import { mergeDependencies } from '../../../shared/dependency-graph.js';
import { buildServiceGraph, type GraphSpan } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import { aggregateNodes, dependencyEdges } from './dependency-edges.js';
import { MAX_NS, MIN_NS, json, nsBound } from './rows.js';

/**
 * The service graph of every span starting in the window (see shared/service-graph.ts for the rules), with the
 * dependency edges pulled from live sources over an overlapping window merged in (shared/dependency-graph.ts).
 */
export function serviceGraph(db: Db, window: { startNs?: string; endNs?: string }): ServiceGraph {
  const graph = callGraph(db, window, true);
  const aggregates = aggregateNodes(db, window);
  if (aggregates.size === 0) return graph;
  return { ...graph, nodes: graph.nodes.map((node) => (aggregates.has(node.id) ? { ...node, aggregates: aggregates.get(node.id)! } : node)) };
}

/**
 * The graph of who calls whom, from cached spans and pulled dependencies (and with `withAggregates`, the fleet
 * answers' edges), without the fleet answers' node figures.
 */
export function callGraph(db: Db, window: { startNs?: string; endNs?: string }, withAggregates: boolean): ServiceGraph {
  const statement = db
    .prepare(
      `SELECT trace_id, span_id, parent_id, service, kind, status_code, end_ns - start_ns AS duration_ns, links,
         json_extract(attributes, '$."db.system"') AS db_system,
         json_extract(attributes, '$."db.name"') AS db_name,
         json_extract(attributes, '$."messaging.system"') AS messaging_system,
         coalesce(json_extract(attributes, '$."messaging.destination.name"'),
                  json_extract(attributes, '$."messaging.destination"')) AS destination,
         json_extract(attributes, '$."peer.service"') AS peer_service
       FROM spans WHERE start_ns BETWEEN @start AND @end`,
    )
    .raw(true);
  const rows = statement.iterate({ start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) });
  return mergeDependencies(buildServiceGraph(toGraphSpans(rows as Iterable<unknown[]>)), dependencyEdges(db, window, withAggregates));
}

function* toGraphSpans(rows: Iterable<unknown[]>): Iterable<GraphSpan> {
  for (const row of rows) {
    yield {
      traceId: row[0] as string,
      spanId: row[1] as string,
      parentId: row[2] as string | null,
      service: row[3] as string,
      kind: row[4] as number,
      isError: row[5] === 2,
      // A duration fits a double exactly (2^53 ns is 104 days); only absolute times need BigInt.
      durationNs: Number(row[6]),
      links: json(row[7], []),
      dbSystem: text(row[8]),
      dbName: text(row[9]),
      messagingSystem: text(row[10]),
      destination: text(row[11]),
      peerService: text(row[12]),
    };
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
