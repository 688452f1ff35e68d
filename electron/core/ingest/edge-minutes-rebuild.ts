import { bucketOf } from '../../../shared/latency-buckets.js';
import type { GraphLookup } from '../../../shared/service-graph-rules.js';
import { buildServiceGraph } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import { GRAPH_SPAN_COLUMNS, cacheGraphLookup, toGraphSpan, type TimedGraphSpan } from '../queries/graph-spans.js';
import { EdgeTally } from './edge-tally.js';
import { edgeSummaries } from '../queries/graph-summaries.js';

/**
 * Counts edge_minutes again from every cached span, trace by trace, and marks them ready: for a cache summarised
 * before migration 20, and for files whose spans arrived other than through the writer (a casefile's evidence is
 * copied table to table, a redacted copy has other attribute values). Inside the caller's transaction.
 */
export function rebuildEdgeMinutes(db: Db): void {
  db.exec('DELETE FROM main.edge_minutes');
  const tally = new EdgeTally();
  const linked = cacheGraphLookup(db).linked;
  // A trace's parents are among its own spans; only links reach other traces.
  const lookup: GraphLookup = { parent: () => undefined, callsOut: () => false, linked };
  const nextTraces = db.prepare('SELECT trace_id FROM traces WHERE trace_id > ? ORDER BY trace_id LIMIT 1000').pluck();
  const spansOf = db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE trace_id = ?`).raw(true);
  for (let traces = nextTraces.all('') as string[]; traces.length > 0; traces = nextTraces.all(traces.at(-1)) as string[]) {
    for (const traceId of traces) {
      const spans = (spansOf.all(traceId) as unknown[][]).map(toGraphSpan);
      buildServiceGraph(
        spans,
        (source, target, mode, span, leaf) =>
          tally.add((span as TimedGraphSpan).minute, { source, target, mode, leaf }, span.isError, bucketOf(span.durationNs)),
        lookup,
      );
    }
    if (tally.size > 100_000) tally.flush(db);
  }
  tally.flush(db);
  db.prepare('INSERT OR REPLACE INTO edge_minutes_state (id, ready) VALUES (1, 1)').run();
}

/**
 * Drops a file's graph summaries so its reader counts them again (casefile-indexes.ts): for files whose spans
 * arrived table to table or were rewritten (a casefile saved, merged or redacted: a redacted db.name must not
 * survive in a summary). Until then the graph counts rows.
 */
export function forgetEdgeMinutes(db: Db): void {
  if (edgeSummaries(db) === 'absent') return;
  db.exec('DELETE FROM main.edge_minutes; UPDATE main.edge_minutes_state SET ready = NOT EXISTS (SELECT 1 FROM main.spans)');
}

/** Whether the graph's summaries are to be counted again (see forgetEdgeMinutes). */
export function edgeMinutesMissing(db: Db): boolean {
  return edgeSummaries(db) === 'pending';
}
