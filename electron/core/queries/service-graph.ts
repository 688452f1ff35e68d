import type { ServiceGraph } from '../../../shared/api-types.js';
import { mergeDependencies } from '../../../shared/dependency-graph.js';
import { buildServiceGraph, type GraphSpan } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import type { ArrivedGraph } from '../ingest/arrived-graph.js';
import { aggregateNodes, dependencyEdges } from './dependency-edges.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';
import { GRAPH_SPAN_COLUMNS, toGraphSpan } from './graph-spans.js';
import { edgeSummariesReady, summaryGraph } from './graph-summaries.js';

/**
 * The service graph of every span starting in the window (see shared/service-graph.ts for the rules), with the
 * dependency edges pulled from live sources over an overlapping window merged in (shared/dependency-graph.ts).
 */
export function serviceGraph(db: Db, window: { startNs?: string; endNs?: string; firstPaint?: boolean; arrived?: ArrivedGraph | null }): ServiceGraph {
  const graph = callGraph(db, window, true, window.firstPaint === true, window.arrived ?? null);
  const aggregates = aggregateNodes(db, window);
  if (aggregates.size === 0) return graph;
  return { ...graph, nodes: graph.nodes.map((node) => (aggregates.has(node.id) ? { ...node, aggregates: aggregates.get(node.id)! } : node)) };
}

/**
 * The graph of who calls whom, from cached spans (their summaries, or their rows in a cache not yet summarised) and
 * pulled dependencies (and with `withAggregates`, the fleet answers' edges), without the fleet answers' node figures.
 */
export function callGraph(
  db: Db,
  window: { startNs?: string; endNs?: string },
  withAggregates: boolean,
  firstPaint = false,
  arrived: ArrivedGraph | null = null,
): ServiceGraph {
  // One snapshot: whether the write has committed, and the summaries, are read from the same state of the cache.
  return db.transaction(() => {
    // What a running import has stored so far is added to the summaries (a cache still being summarised shows it at
    // commit), unless the write committed since its tallies were taken: then the summaries hold them already.
    const pending = arrived !== null && !writeCommitted(db, arrived) ? arrived : null;
    const spans = edgeSummariesReady(db) ? summaryGraph(db, window, firstPaint, pending) : rowGraph(db, window);
    const merged = mergeDependencies(spans, dependencyEdges(db, window, withAggregates));
    return { ...merged, ...(spans.counted === undefined ? {} : { counted: spans.counted }), ...(spans.arriving === undefined ? {} : { arriving: spans.arriving }) };
  })();
}

function writeCommitted(db: Db, arrived: ArrivedGraph): boolean {
  if (arrived.loadId === undefined || arrived.loadId === null) return false;
  const status = db.prepare('SELECT status FROM loads WHERE id = ?').pluck().get(arrived.loadId) as string | undefined;
  return status !== undefined && status !== 'running';
}

/** The graph counted from every span in the window (4.7 s at 1M spans): for caches whose summaries are not built yet. */
export function rowGraph(db: Db, window: { startNs?: string; endNs?: string }): ServiceGraph {
  const rows = db
    .prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE start_ns BETWEEN @start AND @end`)
    .raw(true)
    .iterate({ start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) }) as Iterable<unknown[]>;
  return buildServiceGraph(mapRows(rows));
}

function* mapRows(rows: Iterable<unknown[]>): Iterable<GraphSpan> {
  for (const row of rows) yield toGraphSpan(row);
}
