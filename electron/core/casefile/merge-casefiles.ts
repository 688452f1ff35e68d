import { copyFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations.js';
import { logLinesKeyedByTime } from '../db/log-identity.js';
import { migrate, type Db } from '../db/open-database.js';
import { forgetEdgeMinutes } from '../ingest/edge-minutes-rebuild.js';
import { rebuildOperations } from '../ingest/operations.js';
import { rebuildServiceMinutes } from '../ingest/service-minutes.js';
import { rebuildServiceSeconds } from '../ingest/service-seconds.js';
import { refillSloMinutes } from '../slo/slo-store.js';
import { CasefileError } from './casefile-format.js';
import { dropDeferredIndexes, fullTextMissing } from './casefile-indexes.js';
import { CASEFILE_MIGRATIONS } from './casefile-migrations.js';
import { readCasefileHeader } from './open-casefile.js';

export interface MergeResult {
  file: string;
  bytes: number;
  /** What the second casefile added: rows the first did not hold, and its journal. */
  added: { spans: number; logs: number; steps: number; notes: number; pins: number };
}

/**
 * Two casefiles of the same incident as one: the union of their evidence and both journals, each step, note and
 * pin under its own author. `base` is copied and `other` merged into the copy; neither is changed. Rows both hold
 * (the same span, the same log line) are kept once. The ids that are local to a file — loads, logs, journal rows —
 * are renumbered past the base's, and everything pointing at them follows: a span's load, a pin on a log line (by
 * the line's content when the base already had it), a note on a step. Atomic like a save: a temporary file beside
 * `out`, checked, then renamed over it.
 */
export function mergeCasefiles(base: string, other: string, out: string, now = Date.now()): MergeResult {
  readCasefileHeader(base);
  readCasefileHeader(other);
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let db: Db | null = null;
  try {
    copyFileSync(base, temp);
    db = new Database(temp);
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    migrate(db, MIGRATIONS);
    migrate(db, CASEFILE_MIGRATIONS);
    // A migration that rebuilds a table (22, the logs) builds its lookup indexes too; a casefile leaves them out.
    dropDeferredIndexes(db);
    db.prepare('ATTACH DATABASE ? AS b').run(other);
    const added = db.transaction(() => mergeInto(db!, now))();
    db.exec('DETACH DATABASE b');
    db.pragma('journal_mode = DELETE');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CasefileError(out, `the merged copy failed its integrity check (${String(check)}); nothing was written`);
    db.close();
    db = null;
    renameSync(temp, out);
    return { file: out, bytes: statSync(out).size, added };
  } catch (error) {
    db?.close();
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    throw error;
  }
}

function mergeInto(db: Db, now: number): MergeResult['added'] {
  const max = (sql: string) => Number((db.prepare(sql).pluck().get() as number | null) ?? 0);
  const loadOff = max('SELECT max(id) FROM main.loads');
  const stepOff = max('SELECT max(id) FROM main.casefile_steps');
  const noteOff = max('SELECT max(id) FROM main.casefile_notes');
  const pinOff = max('SELECT max(id) FROM main.casefile_pins');
  const count = (table: string) => max(`SELECT count(*) FROM main.${table}`);
  const before = { spans: count('spans'), logs: count('logs') };

  // Sources by name: one the base lacks gets a new id; loads point at the base's id of the same name.
  db.exec(`INSERT OR IGNORE INTO main.sources (name, kind, config, created_at) SELECT name, kind, config, created_at FROM b.sources;
           DROP TABLE IF EXISTS temp.source_map;
           CREATE TEMP TABLE source_map AS SELECT o.id AS old, m.id AS new FROM b.sources o JOIN main.sources m ON m.name = o.name;`);
  const loadCols = columns(db, 'loads').filter((c) => c !== 'id' && c !== 'source_id');
  db.exec(`INSERT INTO main.loads (id, source_id, ${loadCols.join(', ')})
           SELECT id + ${loadOff}, (SELECT new FROM temp.source_map WHERE old = source_id), ${loadCols.join(', ')} FROM b.loads`);
  const load = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE ${column} + ${loadOff} END`;

  copyShifted(db, 'spans', { load_id: load('load_id') }, 'ORDER BY rowid');
  // Logs: the same line in both (the same identity: time, severity, fingerprint) is kept once, with the base's id;
  // the others get new ids.
  db.exec(`DROP TABLE IF EXISTS temp.log_map;
           CREATE TEMP TABLE log_map (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);`);
  const logOff = max('SELECT max(id) FROM main.logs');
  // A base that left its full-text index for the reader (format 2) stays so; one that carries it indexes the new lines.
  const baseIndexesText = !fullTextMissing(db);
  copyShifted(db, 'logs', { id: `id + ${logOff}`, load_id: load('load_id') }, 'ORDER BY id');
  db.exec(`INSERT INTO temp.log_map SELECT o.id, m.id FROM b.logs o
           JOIN main.logs m ON m.time_ns = o.time_ns AND m.severity_number = o.severity_number AND m.fingerprint = o.fingerprint`);
  if (baseIndexesText) db.exec(`INSERT INTO main.logs_fts (rowid, body) SELECT id, body FROM main.logs WHERE id > ${logOff}`);
  for (const table of ['span_links', 'resources', 'slos', 'casefile_windows', 'casefile_sources']) copyShifted(db, table, {});
  // An other file saved before migration 22 names its pulled lines by fingerprint alone: their times are its logs'.
  const lineTime = logLinesKeyedByTime(db, 'b') ? 'time_ns' : '(SELECT l.time_ns FROM b.logs l WHERE l.fingerprint = b.pull_log_results.fingerprint)';
  for (const table of ['pull_results', 'pull_log_results', 'pull_warnings', 'dependency_pulls', 'dependency_edges', 'aggregate_pulls', 'aggregate_series']) {
    copyShifted(db, table, { load_id: `load_id + ${loadOff}`, ...(table === 'pull_log_results' ? { time_ns: lineTime } : {}) });
  }
  rebuildTraces(db);

  // The journal: the other investigation's steps, notes and pins after the base's, each under its own author.
  const stepCols = 'at, author, kind, state, detail';
  db.exec(`INSERT INTO main.casefile_steps (id, parent_id, ${stepCols})
           SELECT id + ${stepOff}, CASE WHEN parent_id IS NULL THEN NULL ELSE parent_id + ${stepOff} END, ${stepCols} FROM b.casefile_steps ORDER BY id`);
  db.exec(`INSERT INTO main.casefile_notes (id, created_at, updated_at, author, target_kind, target_id, body)
           SELECT id + ${noteOff}, created_at, updated_at, author, target_kind,
                  CASE target_kind WHEN 'step' THEN CAST(CAST(target_id AS INTEGER) + ${stepOff} AS TEXT)
                                   WHEN 'log' THEN CAST((SELECT new FROM temp.log_map WHERE old = CAST(target_id AS INTEGER)) AS TEXT)
                                   ELSE target_id END,
                  body
           FROM b.casefile_notes ORDER BY id`);
  db.exec(`INSERT INTO main.casefile_pins (id, created_at, author, label, kind, ref, step_id)
           SELECT id + ${pinOff}, created_at, author, label, kind,
                  CASE WHEN json_extract(ref, '$.logId') IS NOT NULL
                       THEN json_set(ref, '$.logId', CAST((SELECT new FROM temp.log_map WHERE old = CAST(json_extract(ref, '$.logId') AS INTEGER)) AS TEXT))
                       ELSE ref END,
                  CASE WHEN step_id IS NULL THEN NULL ELSE step_id + ${stepOff} END
           FROM b.casefile_pins ORDER BY id`);
  mergeConclusion(db);
  db.prepare(
    `UPDATE main.casefile_meta SET updated_at = ?,
       author = CASE WHEN instr(', ' || author || ', ', ', ' || (SELECT author FROM b.casefile_meta) || ', ') > 0 THEN author
                     ELSE author || ', ' || (SELECT author FROM b.casefile_meta) END,
       evidence = CASE WHEN evidence = (SELECT evidence FROM b.casefile_meta) THEN evidence ELSE 'looked-at' END`,
  ).run(now);

  // Derived lookups over the union.
  db.exec(`DELETE FROM main.span_id_lookup;
           INSERT INTO main.span_id_lookup (span_id, span_rowid) SELECT span_id, rowid FROM main.spans ORDER BY span_id;
           UPDATE main.span_id_lookup_state SET indexed_through = (SELECT coalesce(max(rowid), 0) FROM main.spans);`);
  rebuildServiceMinutes(db);
  rebuildServiceSeconds(db);
  rebuildOperations(db);
  refillSloMinutes(db);
  forgetEdgeMinutes(db);
  return {
    spans: count('spans') - before.spans,
    logs: count('logs') - before.logs,
    steps: max('SELECT count(*) FROM b.casefile_steps'),
    notes: max('SELECT count(*) FROM b.casefile_notes'),
    pins: max('SELECT count(*) FROM b.casefile_pins'),
  };
}

function columns(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((r) => r.name);
}

/** Copies `table`'s rows from the other file, column for column, with `shifted` columns computed; duplicates kept once. */
function copyShifted(db: Db, table: string, shifted: Record<string, string>, order = ''): void {
  const cols = columns(db, table);
  const values = cols.map((c) => shifted[c] ?? c);
  db.exec(`INSERT OR IGNORE INTO main.${table} (${cols.join(', ')}) SELECT ${values.join(', ')} FROM b.${table} ${order}`);
}

/** Trace summaries and per-service starts counted again from the union's spans: both files may hold parts of a trace. */
function rebuildTraces(db: Db): void {
  db.exec(`
    DELETE FROM main.traces;
    INSERT INTO main.traces (trace_id, start_ns, end_ns, span_count, error_count, root_service, root_name, has_root)
    SELECT s.trace_id, min(s.start_ns), max(s.end_ns), count(*), sum(s.status_code = 2),
           (SELECT r.service FROM main.spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_id IS NOT NULL, r.start_ns LIMIT 1),
           (SELECT r.name FROM main.spans r WHERE r.trace_id = s.trace_id ORDER BY r.parent_id IS NOT NULL, r.start_ns LIMIT 1),
           max(s.parent_id IS NULL)
    FROM main.spans s GROUP BY s.trace_id;
    DELETE FROM main.trace_services;
    INSERT INTO main.trace_services (service, trace_id, start_ns) SELECT service, trace_id, min(start_ns) FROM main.spans GROUP BY service, trace_id;`);
}

/** The base's conclusion stands; the other's fields are added under its author where they say something else. */
function mergeConclusion(db: Db): void {
  const other = db.prepare('SELECT * FROM b.casefile_conclusion WHERE id = 1').get() as Record<string, string | number> | undefined;
  if (other === undefined) return;
  const base = db.prepare('SELECT * FROM main.casefile_conclusion WHERE id = 1').get() as Record<string, string | number> | undefined;
  const field = (name: string) => {
    const mine = String(base?.[name] ?? '').trim();
    const theirs = String(other[name] ?? '').trim();
    if (theirs === '' || theirs === mine) return mine;
    if (mine === '') return theirs;
    return `${mine}\n\n— ${String(other.author || 'the other investigator')}: ${theirs}`;
  };
  db.prepare(
    `INSERT OR REPLACE INTO main.casefile_conclusion (id, summary, root_cause, impact, follow_ups, author, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  ).run(field('summary'), field('root_cause'), field('impact'), field('follow_ups'), String(base?.author || other.author || ''), Math.max(Number(base?.updated_at ?? 0), Number(other.updated_at ?? 0)));
}
