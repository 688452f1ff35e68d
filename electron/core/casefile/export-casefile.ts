import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { forgetEdgeMinutes } from '../ingest/edge-minutes-rebuild.js';
import type { Db } from '../db/open-database.js';
import { CasefileError } from './casefile-format.js';
import { fullTextMissing } from './casefile-indexes.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { Redactor, type RedactionRules } from './redaction.js';

export interface RedactionReport {
  /** What was (or, in a dry run, would be) replaced: rule → count of values. */
  counts: Record<string, number>;
  file: string | null;
}

/** Every column that can hold something a person wrote or a service logged, and how it is redacted. */
const COLUMNS: { table: string; column: string; kind: 'json' | 'text'; key: string }[] = [
  { table: 'spans', column: 'attributes', kind: 'json', key: 'rowid' },
  { table: 'spans', column: 'events', kind: 'json', key: 'rowid' },
  { table: 'spans', column: 'name', kind: 'text', key: 'rowid' },
  { table: 'spans', column: 'status_message', kind: 'text', key: 'rowid' },
  { table: 'logs', column: 'attributes', kind: 'json', key: 'id' },
  { table: 'logs', column: 'body', kind: 'text', key: 'id' },
  { table: 'resources', column: 'attributes', kind: 'json', key: 'hash' },
  { table: 'casefile_notes', column: 'body', kind: 'text', key: 'id' },
  { table: 'casefile_conclusion', column: 'summary', kind: 'text', key: 'id' },
  { table: 'casefile_conclusion', column: 'root_cause', kind: 'text', key: 'id' },
  { table: 'casefile_conclusion', column: 'impact', kind: 'text', key: 'id' },
  { table: 'casefile_conclusion', column: 'follow_ups', kind: 'text', key: 'id' },
  { table: 'casefile_pins', column: 'label', kind: 'text', key: 'id' },
  // What was asked: a search's text, an attribute pivot's value, a pull's query.
  { table: 'casefile_steps', column: 'state', kind: 'json', key: 'id' },
  { table: 'casefile_steps', column: 'detail', kind: 'json', key: 'id' },
  { table: 'loads', column: 'target', kind: 'text', key: 'id' },
  { table: 'loads', column: 'error', kind: 'text', key: 'id' },
];

/** Runs the rules over every redactable column; writes the changes only when `write`. */
function redactColumns(db: Db, redactor: Redactor, write: boolean): void {
  for (const { table, column, kind, key } of COLUMNS) {
    const update = write ? db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`) : null;
    const rows = db.prepare(`SELECT ${key} AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`).raw(true).all() as [unknown, string][];
    for (const [k, v] of rows) {
      const next = kind === 'json' ? redactor.json(v) : redactor.text(v);
      if (next !== v && update !== null) update.run(next, k);
    }
  }
}

/**
 * `casefile case export FILE --out COPY --redact RULES.json`: a redacted copy. The copy is written to a temporary
 * file beside `out` with secure_delete on, its full-text index (when it carries one) rebuilt from the redacted bodies, VACUUMed (no page
 * of the old text survives anywhere in the file), checked, then renamed. A dry run opens FILE read-only and only
 * counts.
 */
export function exportRedacted(file: string, out: string | null, rules: RedactionRules, dryRun: boolean): RedactionReport {
  const redactor = new Redactor(rules);
  if (dryRun || out === null) {
    const db = openCasefileReadOnly(file);
    try {
      redactColumns(db, redactor, false);
    } finally {
      db.close();
    }
    return { counts: Object.fromEntries(redactor.counts), file: null };
  }
  openCasefileReadOnly(file).close();
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let db: Db | null = null;
  try {
    copyFileSync(file, temp);
    db = new Database(temp);
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = MEMORY');
    db.transaction(() => {
      redactColumns(db!, redactor, true);
      // First looks repeat span names and ids as laid out: dropped rather than redacted (the reader lays traces out).
      if (db!.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trace_first_looks'").get() !== undefined) {
        db!.exec('DELETE FROM trace_first_looks');
      }
      // So do the graph's summaries (a database's name may be what was redacted); the reader counts them again.
      forgetEdgeMinutes(db!);
      // A casefile that left its full-text index for the reader (format 2) has none to rebuild.
      if (!fullTextMissing(db!)) db!.exec("INSERT INTO logs_fts (logs_fts) VALUES ('rebuild')");
    })();
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new CasefileError(out, `the redacted copy failed its integrity check (${String(check)})`);
    db.close();
    db = null;
    renameSync(temp, out);
    return { counts: Object.fromEntries(redactor.counts), file: out };
  } catch (error) {
    db?.close();
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    throw error;
  }
}
