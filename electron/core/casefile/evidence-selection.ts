import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from '../queries/rows.js';

/** An incident window, ns since the epoch (decimal strings). */
export interface NsWindow {
  startNs: string;
  endNs: string;
}

/**
 * Which rows of the cache a casefile keeps.
 * - "What I looked at" (the default): every trace opened or listed, every trace of a visited window (the graph and
 *   the charts of a window are drawn from its spans), the logs of those traces, and the log lines shown.
 * - "Everything in the investigated windows" (`allInWindow`): also every other log line of those windows.
 */
export interface EvidenceSelection {
  traceIds: readonly string[];
  logIds: readonly number[];
  windows: readonly NsWindow[];
  allInWindow: boolean;
}

/**
 * Fills the connection's TEMP tables sel_traces and sel_logs with the selection, reading the cache attached as
 * `schema`. Trace ids and log ids are the cache's natural keys, so nothing is renumbered.
 */
export function selectEvidence(db: Db, schema: string, selection: EvidenceSelection): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.sel_traces;
    DROP TABLE IF EXISTS temp.sel_logs;
    CREATE TEMP TABLE sel_traces (trace_id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE sel_logs (id INTEGER PRIMARY KEY);`);
  const trace = db.prepare('INSERT OR IGNORE INTO temp.sel_traces (trace_id) VALUES (?)');
  for (const id of selection.traceIds) trace.run(id);
  const log = db.prepare('INSERT OR IGNORE INTO temp.sel_logs (id) VALUES (?)');
  for (const id of selection.logIds) log.run(id);
  const windowTraces = db.prepare(
    `INSERT OR IGNORE INTO temp.sel_traces (trace_id)
     SELECT trace_id FROM ${schema}.traces WHERE start_ns <= @end AND end_ns >= @start`,
  );
  const windowLogs = db.prepare(
    `INSERT OR IGNORE INTO temp.sel_logs (id) SELECT id FROM ${schema}.logs WHERE time_ns BETWEEN @start AND @end`,
  );
  for (const window of selection.windows) {
    const bounds = { start: nsBound(window.startNs, MIN_NS), end: nsBound(window.endNs, MAX_NS) };
    windowTraces.run(bounds);
    if (selection.allInWindow) windowLogs.run(bounds);
  }
  db.exec(`INSERT OR IGNORE INTO temp.sel_logs (id)
           SELECT l.id FROM temp.sel_traces s JOIN ${schema}.logs l ON l.trace_id = s.trace_id`);
}

export interface EvidenceSize {
  traces: number;
  spans: number;
  logs: number;
  /** The bytes of the rows' text (ids, names, attributes, bodies): what the file will hold, before indexes. */
  bytes: number;
}

/** The size of what `selectEvidence` chose, for the save dialog's "what I looked at" / "everything" choice. */
export function selectedSize(db: Db, schema: string): EvidenceSize {
  const spans = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(length(s.trace_id) + length(s.span_id) + length(s.name) + length(s.service)
         + length(s.attributes) + coalesce(length(s.events), 0) + coalesce(length(s.links), 0) + 40), 0) AS bytes
       FROM temp.sel_traces t JOIN ${schema}.spans s ON s.trace_id = t.trace_id`,
    )
    .get() as { n: number; bytes: number };
  const logs = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(length(l.body) + length(l.attributes) + length(l.service)
         + coalesce(length(l.trace_id), 0) + coalesce(length(l.span_id), 0) + 40), 0) AS bytes
       FROM temp.sel_logs x JOIN ${schema}.logs l ON l.id = x.id`,
    )
    .get() as { n: number; bytes: number };
  const traces = (db.prepare('SELECT count(*) AS n FROM temp.sel_traces').get() as { n: number }).n;
  return { traces, spans: spans.n, logs: logs.n, bytes: spans.bytes + logs.bytes };
}
