import { logLinesKeyedByTime } from '../db/log-identity.js';
import type { Db } from '../db/open-database.js';
import { forgetEdgeMinutes } from '../ingest/edge-minutes-rebuild.js';
import { rebuildOperations } from '../ingest/operations.js';
import { MINUTE_NS, rebuildServiceMinutes, type MinuteRange } from '../ingest/service-minutes.js';
import { rebuildServiceSeconds } from '../ingest/service-seconds.js';
import { MAX_NS, MIN_NS, nsBound } from '../queries/rows.js';
import { refillSloMinutes } from '../slo/slo-store.js';
import { dropDeferredIndexes } from './casefile-indexes.js';
import type { NsWindow } from './evidence-selection.js';

/** Columns of a table, in order, from the main schema (the attached cache has the same migrations). */
function columns(db: Db, table: string): string {
  const rows = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[];
  return rows.map((row) => row.name).join(', ');
}

/** Copies `table`'s rows chosen by `where` (over alias x) from the cache attached as `src`, column for column. */
function copyRows(db: Db, table: string, where: string): number {
  const cols = columns(db, table);
  const aliased = cols
    .split(', ')
    .map((c) => `x.${c}`)
    .join(', ');
  return db.prepare(`INSERT OR IGNORE INTO main.${table} (${cols}) SELECT ${aliased} FROM src.${table} x WHERE ${where}`).run().changes;
}

/**
 * Copies the evidence chosen in temp.sel_traces / temp.sel_logs from the cache (attached as `src`) into this file,
 * exactly: the same trace and span ids, ns times, attributes, resource hashes and log ids. Then the ledger entries
 * those rows came from (with the sources they name, described without secrets), what those pulls returned, their
 * warnings, and the dependency pulls over the investigated windows. The span id lookup and the overview's minutes
 * are counted from the rows copied; the lookup and full-text indexes of spans and logs are left for the reader to
 * build (casefile-indexes.ts).
 */
export function copyEvidence(db: Db, windows: readonly NsWindow[], allInWindow: boolean): { spans: number; logs: number } {
  // The unique indexes are built after the rows are in (from sorted data, several times faster than row by row),
  // with the very SQL the migrations wrote; the others are left out (casefile-indexes.ts).
  dropDeferredIndexes(db);
  const unique = db.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('spans', 'logs')").all() as { name: string; sql: string }[];
  for (const index of unique) db.exec(`DROP INDEX main.${index.name}`);
  const spans = copyRows(db, 'spans', 'x.trace_id IN (SELECT trace_id FROM temp.sel_traces) ORDER BY x.rowid');
  copyRows(db, 'span_links', 'x.trace_id IN (SELECT trace_id FROM temp.sel_traces)');
  copyRows(db, 'traces', 'x.trace_id IN (SELECT trace_id FROM temp.sel_traces)');
  // Traces are copied whole, so their first looks hold: a reviewer opens a big one at once, as its investigator did.
  copyRows(db, 'trace_first_looks', 'x.trace_id IN (SELECT trace_id FROM temp.sel_traces)');
  db.exec(`INSERT OR IGNORE INTO main.trace_services (service, trace_id, start_ns)
           SELECT ts.service, ts.trace_id, ts.start_ns
           FROM (SELECT DISTINCT service, trace_id FROM main.spans) s
           JOIN src.trace_services ts ON ts.service = s.service AND ts.trace_id = s.trace_id`);
  const logs = copyRows(db, 'logs', 'x.id IN (SELECT id FROM temp.sel_logs) ORDER BY x.id');
  for (const index of unique) db.exec(index.sql.replace(/^CREATE (UNIQUE )?INDEX /, (m) => `${m}main.`));
  // Resources and loads are few (one per attribute set, one per import or pull): one pass over the rows finds both.
  db.exec(`DROP TABLE IF EXISTS temp.row_refs;
           CREATE TEMP TABLE row_refs AS
             SELECT DISTINCT resource_hash, load_id FROM main.spans UNION SELECT DISTINCT resource_hash, load_id FROM main.logs;`);
  copyRows(db, 'resources', 'x.hash IN (SELECT resource_hash FROM temp.row_refs)');
  db.exec(`
    INSERT INTO main.span_id_lookup (span_id, span_rowid) SELECT span_id, rowid FROM main.spans ORDER BY span_id;
    UPDATE main.span_id_lookup_state SET indexed_through = (SELECT coalesce(max(rowid), 0) FROM main.spans);`);
  copyLedger(db, windows);
  // What the writer keeps as rows arrive (the overview's minutes, the SLOs' minutes) is counted from the rows copied.
  copyRows(db, 'slos', 'true');
  copyServiceMinutes(db, allInWindow ? coveredMinutes(windows) : []);
  rebuildOperations(db);
  refillSloMinutes(db);
  // The graph's summaries count links to spans the casefile may not hold: its reader counts them from its rows.
  forgetEdgeMinutes(db);
  return { spans, logs };
}

/**
 * Whole minutes inside a window whose every row is copied ("everything in the investigated windows"): such a minute
 * holds exactly the cache's rows — each span in it belongs to a trace overlapping the window, each log line in it
 * was kept — so its overview counts are the cache's.
 */
function coveredMinutes(windows: readonly NsWindow[]): MinuteRange[] {
  const ranges = windows
    .map((w) => {
      const start = nsBound(w.startNs, MIN_NS);
      const end = nsBound(w.endNs, MAX_NS);
      const first = (start + MINUTE_NS - 1n) / MINUTE_NS;
      return { first, last: (end + 1n) / MINUTE_NS - 1n };
    })
    .filter((r) => r.first <= r.last)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: MinuteRange[] = [];
  for (const range of ranges) {
    const previous = merged.at(-1);
    if (previous !== undefined && range.first <= previous.last + 1n) previous.last = range.last > previous.last ? range.last : previous.last;
    else merged.push({ ...range });
  }
  return merged;
}

/** The overview's minutes and seconds: covered minutes copied from the cache, the others counted from the rows copied. */
function copyServiceMinutes(db: Db, covered: readonly MinuteRange[]): void {
  // Counting 1M log lines' minutes took 0.9 s of a 3 s save; copying their counts takes milliseconds.
  rebuildServiceMinutes(db, covered);
  for (const range of covered) copyRows(db, 'service_minutes', `x.minute BETWEEN ${range.first} AND ${range.last}`);
  // A cache not yet opened by a build with service_seconds (migration 21) has none to copy: count them all.
  const srcSeconds = db.prepare("SELECT 1 FROM src.sqlite_master WHERE type = 'table' AND name = 'service_seconds'").get() !== undefined;
  rebuildServiceSeconds(db, srcSeconds ? covered : []);
  if (srcSeconds) for (const range of covered) copyRows(db, 'service_seconds', `x.second BETWEEN ${range.first * 60n} AND ${range.last * 60n + 59n}`);
}

function copyLedger(db: Db, windows: readonly NsWindow[]): void {
  // A pull's log lines are named by (time, fingerprint); by fingerprint alone in a cache not yet migrated (22).
  const pulledLine = logLinesKeyedByTime(db, 'src') ? 'l.time_ns = p.time_ns AND l.fingerprint = p.fingerprint' : 'l.fingerprint = p.fingerprint';
  db.exec(`
    DROP TABLE IF EXISTS temp.sel_loads;
    CREATE TEMP TABLE sel_loads (id INTEGER PRIMARY KEY);
    INSERT OR IGNORE INTO temp.sel_loads SELECT load_id FROM temp.row_refs WHERE load_id IS NOT NULL;
    INSERT OR IGNORE INTO temp.sel_loads
      SELECT p.load_id FROM temp.sel_traces s JOIN src.pull_results p ON p.trace_id = s.trace_id;
    INSERT OR IGNORE INTO temp.sel_loads SELECT p.load_id FROM src.pull_log_results p JOIN main.logs l ON ${pulledLine};`);
  const dependencyPulls = db.prepare(
    'INSERT OR IGNORE INTO temp.sel_loads SELECT load_id FROM src.dependency_pulls WHERE start_ns <= @end AND end_ns >= @start',
  );
  // Fleet aggregates asked over an investigated window travel too: they are the fleet's picture of it (issue 14).
  const aggregatePulls = db.prepare(
    `INSERT OR IGNORE INTO temp.sel_loads SELECT load_id FROM src.aggregate_pulls
     WHERE start_ns <= @end AND start_ns + step_ns * buckets >= @start`,
  );
  for (const window of windows) {
    dependencyPulls.run({ start: BigInt(window.startNs), end: BigInt(window.endNs) });
    aggregatePulls.run({ start: BigInt(window.startNs), end: BigInt(window.endNs) });
  }

  // The sources table only anchors loads.source_id: its config is reduced to the description (name, kind, URL).
  db.exec(`INSERT OR IGNORE INTO main.sources (id, name, kind, config, created_at)
           SELECT s.id, s.name, s.kind,
                  json_object('name', s.name, 'kind', s.kind, 'url', coalesce(json_extract(s.config, '$.url'), '')),
                  s.created_at
           FROM src.sources s WHERE s.id IN (SELECT source_id FROM src.loads WHERE id IN (SELECT id FROM temp.sel_loads))`);
  copyRows(db, 'loads', 'x.id IN (SELECT id FROM temp.sel_loads)');
  copyRows(db, 'pull_results', 'x.load_id IN (SELECT id FROM temp.sel_loads) AND x.trace_id IN (SELECT trace_id FROM temp.sel_traces)');
  db.exec(`INSERT OR IGNORE INTO main.pull_log_results (load_id, fingerprint, time_ns)
           SELECT p.load_id, p.fingerprint, l.time_ns FROM src.pull_log_results p JOIN main.logs l ON ${pulledLine}
           WHERE p.load_id IN (SELECT id FROM temp.sel_loads)`);
  copyRows(db, 'dependency_pulls', 'x.load_id IN (SELECT id FROM temp.sel_loads)');
  copyRows(db, 'dependency_edges', 'x.load_id IN (SELECT load_id FROM main.dependency_pulls)');
  copyRows(db, 'pull_warnings', 'x.load_id IN (SELECT id FROM temp.sel_loads)');
  copyRows(db, 'aggregate_pulls', 'x.load_id IN (SELECT id FROM temp.sel_loads)');
  copyRows(db, 'aggregate_series', 'x.load_id IN (SELECT load_id FROM main.aggregate_pulls)');
}
