import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CasefileNote, CasefilePin, Conclusion, JournalContent, JournalStep, NoteTargetKind, StepKind } from '../../../shared/casefile-types.js';
import type { WorkbenchState } from '../../../shared/view-state.js';
import type { Db } from '../db/open-database.js';
import { migrate } from '../db/open-database.js';
import { FORMAT_VERSION } from './casefile-format.js';
import { CASEFILE_MIGRATIONS } from './casefile-migrations.js';
import { readJournal, writeJournal } from './journal-rows.js';

/**
 * The journal of the investigation in progress: an untitled casefile's own tables (no evidence yet) in a file of
 * its own beside the cache, written as it goes. Each step is one committed transaction with synchronous = FULL, so
 * a kill -9 (or a power cut) loses at most the step being written; the next launch finds the file and offers it.
 */
export class JournalStore {
  private db: Db;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = JournalStore.open(path);
  }

  private static open(path: string): Db {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db, CASEFILE_MIGRATIONS);
    return db;
  }

  /** Whether a journal file from an earlier run is waiting (steps, notes or pins recorded, never closed). */
  static leftOver(path: string): { steps: number; notes: number; pins: number; updatedAt: number; title: string } | null {
    if (!existsSync(path)) return null;
    try {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
        const meta = db.prepare('SELECT title, updated_at FROM casefile_meta WHERE id = 1').get() as { title: string; updated_at: number } | undefined;
        const found = { steps: count('casefile_steps'), notes: count('casefile_notes'), pins: count('casefile_pins') };
        if (found.steps + found.notes + found.pins === 0) return null;
        return { ...found, updatedAt: meta?.updated_at ?? 0, title: meta?.title ?? '' };
      } finally {
        db.close();
      }
    } catch {
      return null;
    }
  }

  /** Starts over: an empty, untitled journal (the earlier one, if any, is deleted). */
  reset(title: string, author: string, content?: JournalContent): void {
    this.db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.path}${suffix}`, { force: true });
    this.db = JournalStore.open(this.path);
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO casefile_meta (id, format_version, title, author, created_at, updated_at, evidence) VALUES (1, ?, ?, ?, ?, ?, 'looked-at')`)
        .run(FORMAT_VERSION, title, author, now, now);
      if (content !== undefined) writeJournal(this.db, content);
    })();
  }

  meta(): { title: string; author: string; createdAt: number; updatedAt: number } {
    const row = this.db.prepare('SELECT title, author, created_at, updated_at FROM casefile_meta WHERE id = 1').get() as
      | { title: string; author: string; created_at: number; updated_at: number }
      | undefined;
    if (row === undefined) return { title: '', author: '', createdAt: 0, updatedAt: 0 };
    return { title: row.title, author: row.author, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  setMeta(change: { title?: string; author?: string }): void {
    this.db
      .prepare('UPDATE casefile_meta SET title = coalesce(?, title), author = coalesce(?, author), updated_at = ? WHERE id = 1')
      .run(change.title ?? null, change.author ?? null, Date.now());
  }

  private touch(): void {
    this.db.prepare('UPDATE casefile_meta SET updated_at = ? WHERE id = 1').run(Date.now());
  }

  lastStep(): JournalStep | null {
    return readJournal(this.db, 'SELECT * FROM casefile_steps ORDER BY id DESC LIMIT 1').steps[0] ?? null;
  }

  recordStep(step: { kind: StepKind; state: WorkbenchState; detail: Record<string, unknown>; author: string; parentId: number | null }): JournalStep {
    const at = Date.now();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO casefile_steps (parent_id, at, author, kind, state, detail) VALUES (?, ?, ?, ?, ?, ?)')
        .run(step.parentId, at, step.author, step.kind, JSON.stringify(step.state), JSON.stringify(step.detail));
      this.touch();
      return { id: Number(lastInsertRowid), at, ...step };
    })();
  }

  addNote(note: { author: string; target: { kind: NoteTargetKind; id: string | null }; body: string }): CasefileNote {
    const now = Date.now();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO casefile_notes (created_at, updated_at, author, target_kind, target_id, body) VALUES (?, ?, ?, ?, ?, ?)')
        .run(now, now, note.author, note.target.kind, note.target.id, note.body);
      this.touch();
      return { id: Number(lastInsertRowid), createdAt: now, updatedAt: now, ...note };
    })();
  }

  updateNote(id: number, body: string): boolean {
    const { changes } = this.db.prepare('UPDATE casefile_notes SET body = ?, updated_at = ? WHERE id = ?').run(body, Date.now(), id);
    this.touch();
    return changes === 1;
  }

  deleteNote(id: number): boolean {
    const { changes } = this.db.prepare('DELETE FROM casefile_notes WHERE id = ?').run(id);
    this.touch();
    return changes === 1;
  }

  addPin(pin: Omit<CasefilePin, 'id' | 'createdAt'>): CasefilePin {
    const now = Date.now();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO casefile_pins (created_at, author, label, kind, ref, step_id) VALUES (?, ?, ?, ?, ?, ?)')
        .run(now, pin.author, pin.label, pin.kind, JSON.stringify(pin.ref), pin.stepId);
      this.touch();
      return { id: Number(lastInsertRowid), createdAt: now, ...pin };
    })();
  }

  setConclusion(conclusion: Omit<Conclusion, 'updatedAt'>): Conclusion {
    const updatedAt = Date.now();
    writeJournal(this.db, { steps: [], notes: [], pins: [], conclusion: { ...conclusion, updatedAt } });
    this.touch();
    return { ...conclusion, updatedAt };
  }

  content(): JournalContent {
    return readJournal(this.db);
  }

  /** Deletes the journal file: the investigation was saved and closed, or discarded. */
  discard(): void {
    this.db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.path}${suffix}`, { force: true });
    this.db = JournalStore.open(this.path);
  }

  close(): void {
    this.db.close();
  }
}
