import type { CasefileNote, CasefilePin, Conclusion, JournalContent, JournalStep } from '../../../shared/casefile-types.js';
import type { Db } from '../db/open-database.js';

export type { JournalContent };

/** Writes a journal (steps, notes, pins, conclusion) into a casefile's tables, keeping every id. */
export function writeJournal(db: Db, journal: JournalContent): void {
  const step = db.prepare('INSERT INTO casefile_steps (id, parent_id, at, author, kind, state, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const s of journal.steps) step.run(s.id, s.parentId, s.at, s.author, s.kind, JSON.stringify(s.state), JSON.stringify(s.detail));
  const note = db.prepare(
    'INSERT INTO casefile_notes (id, created_at, updated_at, author, target_kind, target_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const n of journal.notes) note.run(n.id, n.createdAt, n.updatedAt, n.author, n.target.kind, n.target.id, n.body);
  const pin = db.prepare('INSERT INTO casefile_pins (id, created_at, author, label, kind, ref, step_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const p of journal.pins) pin.run(p.id, p.createdAt, p.author, p.label, p.kind, JSON.stringify(p.ref), p.stepId);
  const c = journal.conclusion;
  if (c !== null) {
    db.prepare(
      `INSERT OR REPLACE INTO casefile_conclusion (id, summary, root_cause, impact, follow_ups, author, updated_at)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
    ).run(c.summary, c.rootCause, c.impact, c.followUps, c.author, c.updatedAt);
  }
}

/** Reads a casefile's journal back, in the order it was written. */
export function readJournal(db: Db, stepsSql = 'SELECT * FROM casefile_steps ORDER BY id'): JournalContent {
  const steps = (db.prepare(stepsSql).all() as Record<string, unknown>[]).map(
    (r): JournalStep => ({
      id: Number(r.id),
      parentId: r.parent_id === null ? null : Number(r.parent_id),
      at: Number(r.at),
      author: String(r.author),
      kind: r.kind as JournalStep['kind'],
      state: JSON.parse(String(r.state)) as JournalStep['state'],
      detail: JSON.parse(String(r.detail)) as JournalStep['detail'],
    }),
  );
  const notes = (db.prepare('SELECT * FROM casefile_notes ORDER BY id').all() as Record<string, unknown>[]).map(
    (r): CasefileNote => ({
      id: Number(r.id),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      author: String(r.author),
      target: { kind: r.target_kind as CasefileNote['target']['kind'], id: r.target_id === null ? null : String(r.target_id) },
      body: String(r.body),
    }),
  );
  const pins = (db.prepare('SELECT * FROM casefile_pins ORDER BY id').all() as Record<string, unknown>[]).map(
    (r): CasefilePin => ({
      id: Number(r.id),
      createdAt: Number(r.created_at),
      author: String(r.author),
      label: String(r.label),
      kind: r.kind as CasefilePin['kind'],
      ref: JSON.parse(String(r.ref)) as Record<string, string>,
      stepId: r.step_id === null ? null : Number(r.step_id),
    }),
  );
  const row = db.prepare('SELECT * FROM casefile_conclusion WHERE id = 1').get() as Record<string, unknown> | undefined;
  const conclusion: Conclusion | null =
    row === undefined
      ? null
      : {
          summary: String(row.summary),
          rootCause: String(row.root_cause),
          impact: String(row.impact),
          followUps: String(row.follow_ups),
          author: String(row.author),
          updatedAt: Number(row.updated_at),
        };
  return { steps, notes, pins, conclusion };
}
