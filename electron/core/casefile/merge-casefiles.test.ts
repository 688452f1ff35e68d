import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalContent } from '../../../shared/casefile-types.js';
import { tempCache, UPSTREAM } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { CasefileError } from './casefile-format.js';
import { readJournal } from './journal-rows.js';
import { mergeCasefiles } from './merge-casefiles.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { openCasefileForViews } from './opened-casefile.js';
import { fullTextMissing } from './casefile-indexes.js';
import { saveCasefile } from './save-casefile.js';

type Row = Record<string, unknown>;
const OTHER_LOGS = join(UPSTREAM, 'otlp-json', 'otel-proto__examples_logs.json');
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Two investigators of the demo incident on two machines: alice's cache holds the demo only; bob's imported another
 * file first, so the same log lines have other ids in his cache. Each saves a casefile of the traces they looked at
 * (one trace in both), with steps, a pin on a log line both have, notes and a conclusion.
 */
describe('merging two casefiles of the same incident (real SQLite files)', () => {
  const alice = tempCache();
  const bob = tempCache();
  let traces: string[];
  let sharedLog: { fingerprint: bigint; body: string; aliceId: number; bobId: number };
  let bobOnlyLog: { body: string };
  let otherWindow: { startNs: string; endNs: string };
  const file = (name: string) => join(alice.dir, name);

  beforeAll(async () => {
    await importFile(alice.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    await importFile(bob.db, OTHER_LOGS, { target: 'other logs' });
    await importFile(bob.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    traces = (alice.db.prepare('SELECT trace_id FROM traces WHERE error_count > 0 ORDER BY start_ns LIMIT 3').pluck().all() as string[]);
    const withLogs = alice.db.prepare('SELECT id, fingerprint, body, trace_id FROM logs WHERE trace_id = ? ORDER BY id LIMIT 1').safeIntegers(true);
    const line = withLogs.get(traces[1]) as { id: bigint; fingerprint: bigint; body: string };
    const bobId = bob.db.prepare('SELECT id FROM logs WHERE fingerprint = ?').safeIntegers(true).pluck().get(line.fingerprint) as bigint;
    sharedLog = { fingerprint: line.fingerprint, body: line.body, aliceId: Number(line.id), bobId: Number(bobId) };
    expect(sharedLog.bobId).not.toBe(sharedLog.aliceId);
    bobOnlyLog = bob.db.prepare("SELECT body FROM logs WHERE load_id = (SELECT id FROM loads WHERE target = 'other logs') LIMIT 1").get() as { body: string };
    // bob also looked at the window of the other file's lines, with everything in it.
    const other = bob.db.prepare("SELECT min(time_ns) AS startNs, max(time_ns) + 1 AS endNs FROM logs WHERE load_id = (SELECT id FROM loads WHERE target = 'other logs')").safeIntegers(true).get() as { startNs: bigint; endNs: bigint };
    otherWindow = { startNs: other.startNs.toString(), endNs: other.endNs.toString() };

    saveCasefile(alice.path, file('alice.casefile'), { traceIds: traces.slice(0, 2), logIds: [], windows: [], allInWindow: false }, {
      title: 'Checkout errors',
      author: 'alice',
      journal: journal('alice', traces[0]!, sharedLog.aliceId, { summary: 'Cart calls fail after the deploy.', rootCause: '', impact: '5% of checkouts', followUps: '' }),
    });
    saveCasefile(bob.path, file('bob.casefile'), { traceIds: traces.slice(1, 3), logIds: [], windows: [otherWindow], allInWindow: true }, {
      title: 'checkout incident (bob)',
      author: 'bob',
      journal: journal('bob', traces[2]!, sharedLog.bobId, { summary: 'Cart calls fail after the deploy.', rootCause: 'The frontend calls the cart at a removed path.', impact: '', followUps: '' }),
    });
  });
  afterAll(() => {
    alice.dispose();
    bob.dispose();
  });

  it('holds the union of the evidence, each span and log line once, and leaves both casefiles as they were', async () => {
    const before = [digest(file('alice.casefile')), digest(file('bob.casefile'))];
    const merged = mergeCasefiles(file('alice.casefile'), file('bob.casefile'), file('merged.casefile'));
    expect([digest(file('alice.casefile')), digest(file('bob.casefile'))]).toEqual(before);
    const db = openCasefileReadOnly(file('merged.casefile'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const spanRows = (d: typeof db) =>
        d.prepare(`SELECT trace_id, span_id, start_ns, end_ns, attributes FROM spans ORDER BY trace_id, span_id`).safeIntegers(true).all() as Row[];
      const expected = alice.db
        .prepare(`SELECT trace_id, span_id, start_ns, end_ns, attributes FROM spans WHERE trace_id IN (?, ?, ?) ORDER BY trace_id, span_id`)
        .safeIntegers(true)
        .all(...traces) as Row[];
      expect(spanRows(db)).toEqual(expected);
      expect(db.prepare('SELECT trace_id FROM traces ORDER BY trace_id').pluck().all()).toEqual([...traces].sort());
      // Every log line once: the lines both casefiles hold are not doubled.
      expect(db.prepare('SELECT count(*) - count(DISTINCT fingerprint) FROM logs').pluck().get()).toBe(0);
      expect(merged.added.spans).toBeGreaterThan(0);
      // bob's other import came along, under a load of its own, and its lines are found by full text.
      const words = bobOnlyLog.body.split(/\W+/).filter((w) => w.length > 3);
      // (Both are format 2: the merged file leaves its full-text index to the reader, as they did.)
      expect(fullTextMissing(db)).toBe(true);
      const opened = openCasefileForViews(file('merged.casefile'), file('work'));
      try {
        await opened.indexed;
        const found = opened.db.prepare('SELECT body FROM logs WHERE id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)').pluck().all(`"${words[0]}"`);
        expect(found).toContain(bobOnlyLog.body);
      } finally {
        opened.close();
      }
      const loads = db.prepare('SELECT id, target FROM loads ORDER BY id').all() as { id: number; target: string }[];
      expect(loads.map((l) => l.target)).toEqual(expect.arrayContaining(['demo incident', 'other logs']));
      expect(new Set(loads.map((l) => l.id)).size).toBe(loads.length);
      const orphans = db.prepare('SELECT count(*) FROM spans WHERE load_id IS NOT NULL AND load_id NOT IN (SELECT id FROM loads)').pluck().get();
      expect(orphans).toBe(0);
    } finally {
      db.close();
    }
  });

  it('keeps both journals under their authors, pins and notes still pointing at the same evidence', () => {
    const db = openCasefileReadOnly(file('merged.casefile'));
    try {
      const j = readJournal(db);
      expect(j.steps.map((s) => s.author)).toEqual(['alice', 'alice', 'bob', 'bob']);
      expect(new Set(j.steps.map((s) => s.id)).size).toBe(4);
      // bob's second step still follows his first.
      expect(j.steps[3]!.parentId).toBe(j.steps[2]!.id);
      const bobNote = j.notes.find((n) => n.author === 'bob' && n.target.kind === 'step')!;
      expect(bobNote.target.id).toBe(String(j.steps[2]!.id));
      // bob pinned the same log line under his own id: in the merged file the pin names the line's one id.
      const pins = j.pins.filter((p) => p.kind === 'log');
      expect(pins.map((p) => p.author)).toEqual(['alice', 'bob']);
      const bodyOf = db.prepare('SELECT body FROM logs WHERE id = ?').pluck();
      for (const pin of pins) expect(bodyOf.get(Number(pin.ref.logId))).toBe(sharedLog.body);
      const logNote = j.notes.find((n) => n.author === 'bob' && n.target.kind === 'log')!;
      expect(bodyOf.get(Number(logNote.target.id))).toBe(sharedLog.body);
      // The conclusion: alice's stands, bob's root cause fills the empty field; the same summary is not repeated.
      expect(j.conclusion).toMatchObject({ summary: 'Cart calls fail after the deploy.', rootCause: 'The frontend calls the cart at a removed path.', impact: '5% of checkouts' });
      const meta = db.prepare('SELECT title, author, evidence FROM casefile_meta').get();
      expect(meta).toEqual({ title: 'Checkout errors', author: 'alice, bob', evidence: 'looked-at' });
    } finally {
      db.close();
    }
  });

  it('refuses what is not a casefile, naming it, and writes nothing', () => {
    writeFileSync(file('notes.casefile'), '{"not": "a casefile"}');
    expect(() => mergeCasefiles(file('alice.casefile'), file('notes.casefile'), file('bad.casefile'))).toThrow(CasefileError);
    expect(() => mergeCasefiles(file('alice.casefile'), file('notes.casefile'), file('bad.casefile'))).toThrow(/notes\.casefile.*JSON file/);
    expect(() => mergeCasefiles(file('alice.casefile'), alice.path, file('bad.casefile'))).toThrow(/Casefile cache/);
    expect(() => readFileSync(file('bad.casefile'))).toThrow();
  });
});

function journal(author: string, traceId: string, logId: number, conclusion: { summary: string; rootCause: string; impact: string; followUps: string }): JournalContent {
  const at = Date.UTC(2026, 1, 2, 10);
  return {
    steps: [
      { id: 1, parentId: null, at, author, kind: 'view', state: { view: { view: 'graph' }, time: { kind: 'all' }, timeZone: 'utc' }, detail: {} },
      { id: 2, parentId: 1, at: at + 60_000, author, kind: 'view', state: { view: { view: 'trace', traceId }, time: { kind: 'all' }, timeZone: 'utc' }, detail: {} },
    ],
    notes: [
      { id: 1, createdAt: at, updatedAt: at, author, target: { kind: 'step', id: '1' }, body: `${author}: started from the graph` },
      { id: 2, createdAt: at, updatedAt: at, author, target: { kind: 'log', id: String(logId) }, body: 'this line' },
    ],
    pins: [{ id: 1, createdAt: at, author, label: 'the failing call', kind: 'log', ref: { logId: String(logId) }, stepId: 2 }],
    conclusion: { ...conclusion, author, updatedAt: at },
  };
}
