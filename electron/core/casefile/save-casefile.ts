import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { SourceDescription } from '../../../shared/casefile-types.js';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate, type Db } from '../db/open-database.js';
import { pidExists } from '../db/process-owner.js';
import { CASEFILE_APPLICATION_ID, FORMAT_USER_VERSION, FORMAT_VERSION } from './casefile-format.js';
import { CASEFILE_MIGRATIONS } from './casefile-migrations.js';
import { copyEvidence } from './copy-evidence.js';
import { selectEvidence, type EvidenceSelection } from './evidence-selection.js';
import { writeJournal, type JournalContent } from './journal-rows.js';

export interface CasefileDescription {
  title: string;
  author: string;
  /** ms since the epoch; now when absent (a first save). */
  createdAt?: number;
  journal?: JournalContent;
}

export interface SaveResult {
  file: string;
  bytes: number;
  traces: number;
  spans: number;
  logs: number;
}

/**
 * Writes a casefile from the cache at `cachePath`: the rows `selection` chooses, copied exactly, with the journal.
 * Atomic: everything goes to a temporary file in the target's folder (so the rename cannot cross file systems), is
 * compacted (VACUUM) if anything was freed, synced, and only then renamed over `out`. A crash or an error at any
 * point leaves `out` as it was. Pages are 16 KiB: fewer, larger pages made the save of 1M logs 13% faster.
 */
export function saveCasefile(cachePath: string, out: string, selection: EvidenceSelection, description: CasefileDescription): SaveResult {
  removeAbandonedTemps(out);
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let db: Db | null = null;
  try {
    db = new Database(temp);
    db.pragma('page_size = 16384');
    // A temporary file that is deleted on failure needs no crash safety while it is built; VACUUM below rewrites it.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    migrate(db, MIGRATIONS);
    migrate(db, CASEFILE_MIGRATIONS);
    db.prepare('ATTACH DATABASE ? AS src').run(cachePath);
    const built = db.transaction(() => {
      selectEvidence(db!, 'src', selection);
      const copied = copyEvidence(db!, selection.windows, selection.allInWindow);
      writeDescription(db!, selection, description);
      if (description.journal !== undefined) writeJournal(db!, description.journal);
      return copied;
    })();
    db.exec('DETACH DATABASE src');
    db.pragma(`application_id = ${CASEFILE_APPLICATION_ID | 0}`);
    db.pragma(`user_version = ${FORMAT_USER_VERSION}`);
    // A single self-contained file: no -wal or -shm beside it when it is mailed or copied.
    db.pragma('journal_mode = DELETE');
    // Rows and indexes went in in order, so the file is already compact unless much was freed on the way.
    const pages = db.pragma('page_count', { simple: true }) as number;
    if ((db.pragma('freelist_count', { simple: true }) as number) > Math.max(16, pages / 100)) db.exec('VACUUM');
    // No check of the file here: read back right after writing, its pages come from SQLite's and the OS's caches, not
    // the disk, so a check would prove nothing the writes did not (it was 0.3 s of a 2.3 s save on 1M logs). The
    // reader checks what is on disk when it opens the file (open-casefile.ts).
    const traces = (db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n;
    db.close();
    db = null;
    syncFile(temp);
    renameSync(temp, out);
    syncFile(dirname(out));
    return { file: out, bytes: statSync(out).size, traces, spans: built.spans, logs: built.logs };
  } catch (error) {
    db?.close();
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    throw error;
  }
}

/** Temporary files a killed save left beside `out` (their process is gone): deleted before the next save. */
function removeAbandonedTemps(out: string): void {
  const prefix = `.${basename(out)}.`;
  for (const name of readdirSync(dirname(out))) {
    const match = /^(\d+)-[0-9a-f]{8}\.tmp(-journal)?$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (match === null || pidExists(Number(match[1]))) continue;
    rmSync(join(dirname(out), name), { force: true });
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    closeSync(fd);
  }
}

function writeDescription(db: Db, selection: EvidenceSelection, description: CasefileDescription): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO casefile_meta (id, format_version, title, author, created_at, updated_at, evidence)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  ).run(FORMAT_VERSION, description.title, description.author, description.createdAt ?? now, now, selection.allInWindow ? 'all-in-window' : 'looked-at');
  const window = db.prepare('INSERT OR IGNORE INTO casefile_windows (start_ns, end_ns) VALUES (?, ?)');
  for (const w of selection.windows) window.run(BigInt(w.startNs), BigInt(w.endNs));
  const sources = db.prepare("SELECT name, kind, coalesce(json_extract(config, '$.url'), '') AS url FROM sources").all() as SourceDescription[];
  const source = db.prepare('INSERT OR IGNORE INTO casefile_sources (name, kind, url) VALUES (?, ?, ?)');
  const config = db.prepare('UPDATE sources SET config = ? WHERE name = ?');
  for (const s of sources) {
    const described = { name: s.name, kind: s.kind, url: withoutCredentials(s.url) };
    source.run(described.name, described.kind, described.url);
    config.run(JSON.stringify(described), s.name);
  }
}

/** A URL never carries credentials (sources.ts refuses user info), but a casefile travels: strip any, to be sure. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return '';
  }
}
