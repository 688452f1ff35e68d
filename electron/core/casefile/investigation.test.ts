import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalStep } from '../../../shared/casefile-types.js';
import type { WorkbenchState } from '../../../shared/view-state.js';
import { DEMO_FILE, openCore, type Core } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { stepRows } from './step-evidence.js';

const at = (view: WorkbenchState['view'], time: WorkbenchState['time'] = { kind: 'all' }): WorkbenchState => ({ view, time, timeZone: 'utc' });

describe('an investigation: journal, notes, pins, save, reopen offline, replay, recovery (real SQLite files)', () => {
  let dir: string;
  let core: Core;
  let steps: JournalStep[];
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'casefile-investigation-'));
    core = await openCore({ databasePath: join(dir, 'oncall', 'cache.sqlite'), mode: 'electron' });
    await importFile(core.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records each step with the rows its view showed', async () => {
    const h = core.handlers;
    const errors = await h.searchTraces({ errorsOnly: true, limit: 1 });
    const traceId = errors[0]!.traceId;
    const first = await h.recordStep({ kind: 'view', state: at({ view: 'graph' }), detail: {}, parentId: null });
    expect(first.detail.window).toMatchObject({ startNs: expect.stringMatching(/^\d+$/) });
    const listed = await h.recordStep({ kind: 'view', state: at({ view: 'traces', service: 'cart', errorsOnly: true }), detail: {}, parentId: null });
    expect(listed.detail.traceIds).toEqual((await h.searchTraces({ service: 'cart', errorsOnly: true, limit: 200 })).map((t) => t.traceId));
    await h.recordStep({ kind: 'omnibox', state: at({ view: 'trace', traceId }), detail: { typed: traceId.slice(0, 8) }, parentId: null });
    const logs = await h.recordStep({ kind: 'view', state: at({ view: 'logs', traceId }), detail: {}, parentId: null });
    expect((logs.detail.logIds as number[]).length).toBeGreaterThan(0);
    await h.addNote({ target: { kind: 'casefile', id: null }, body: 'Cart fails for **anonymous** users' });
    await h.addNote({ target: { kind: 'trace', id: traceId }, body: 'userId must not be empty' });
    await h.addPin({ label: 'the failing checkout', kind: 'trace', ref: { traceId }, stepId: listed.id });
    await h.setConclusion({ summary: 'Cart errors', rootCause: 'empty userId', impact: 'anonymous carts', followUps: 'validate' });
    const status = await h.casefileStatus({});
    expect(status).toMatchObject({ unsaved: true, savedAs: null, counts: { steps: 4, notes: 2, pins: 1 }, evidence: { kind: 'cache' } });
    steps = (await h.journal({})).steps;
  });

  it('sizes "what I looked at" against "everything in the investigated windows", then saves', async () => {
    const sizes = await core.handlers.casefileSizes({});
    expect(sizes.lookedAt.spans).toBeGreaterThan(0);
    expect(sizes.allInWindow.logs).toBeGreaterThanOrEqual(sizes.lookedAt.logs);
    file = join(dir, 'cart.casefile');
    const saved = await core.handlers.saveCasefile({ file, evidence: 'looked-at' });
    expect(saved).toMatchObject({ file, spans: sizes.lookedAt.spans, logs: sizes.lookedAt.logs, downloadName: null });
    const status = await core.handlers.casefileStatus({});
    expect(status).toMatchObject({ unsaved: false, savedAs: file });
    expect((await core.handlers.recentCasefiles({}))[0]?.file).toBe(file);
  });

  it('opens on another machine with an empty cache and no sources: every step shows the same rows from the file', async () => {
    const reviewer = await openCore({ databasePath: join(dir, 'reviewer', 'cache.sqlite'), mode: 'electron' });
    try {
      expect((await reviewer.handlers.searchTraces({ limit: 10, errorsOnly: false })).length).toBe(0);
      const status = await reviewer.handlers.openCasefile({ file });
      expect(status.evidence).toMatchObject({ kind: 'casefile', info: { counts: { steps: 4, notes: 2, pins: 1 } } });
      // Its search indexes are built on a copy as it opens (format 2); the status says so until they are in.
      expect(status.evidence).toMatchObject({ indexing: true });
      await reviewer.handlers.correlatedLogs({ text: 'userId', limit: 10 });
      expect((await reviewer.handlers.casefileStatus({})).evidence).toMatchObject({ indexing: false });
      const journal = await reviewer.handlers.journal({});
      expect(journal.steps).toEqual(steps);
      expect(journal.conclusion).toMatchObject({ rootCause: 'empty userId' });
      for (const step of journal.steps) {
        const window = step.detail.window as { startNs: string; endNs: string } | null;
        const replayed = await stepRows(reviewer.investigation.viewHandlers(), step.state, window, step.at);
        expect(replayed.traceIds).toEqual(step.detail.traceIds);
        expect(replayed.logIds).toEqual(step.detail.logIds);
      }
      // Imports need a cache: refused while the casefile is open, with the reason.
      await expect(reviewer.handlers.importFiles({ paths: [DEMO_FILE] })).rejects.toThrow(/read-only as offline evidence/);
      // The reviewer branches off the second step: their steps and notes are their own.
      await reviewer.handlers.setInvestigation({ author: 'reviewer' });
      const branch = await reviewer.handlers.recordStep({ kind: 'view', state: at({ view: 'graph' }), detail: {}, parentId: steps[1]!.id });
      expect(branch).toMatchObject({ author: 'reviewer', parentId: steps[1]!.id });
      const copy = join(dir, 'reviewed.casefile');
      const saved = await reviewer.handlers.saveCasefile({ file: copy, evidence: 'looked-at' });
      expect(saved.spans).toBe(status.evidence.kind === 'casefile' ? status.evidence.info.counts.spans : -1);
      const closed = await reviewer.handlers.closeCasefile({});
      expect(closed.evidence.kind).toBe('cache');
      expect((await reviewer.handlers.searchTraces({ limit: 10, errorsOnly: false })).length).toBe(0);
    } finally {
      reviewer.close();
    }
  });

  it('offers a journal left by a crash (a run that never closed it) for recovery, with every step', async () => {
    const folder = join(dir, 'crash');
    const first = await openCore({ databasePath: join(folder, 'cache.sqlite'), mode: 'electron' });
    await first.handlers.recordStep({ kind: 'view', state: at({ view: 'graph' }), detail: {}, parentId: null });
    await first.handlers.addNote({ target: { kind: 'casefile', id: null }, body: 'before the crash' });
    // No close(): the process "dies" with the journal open (the file holds what was committed).
    const next = await openCore({ databasePath: join(folder, 'cache.sqlite'), mode: 'electron' });
    try {
      const status = await next.handlers.casefileStatus({});
      expect(status.recoverable).toMatchObject({ steps: 1, notes: 1 });
      const recovered = await next.handlers.recoverInvestigation({ recover: true });
      expect(recovered).toMatchObject({ recoverable: null, counts: { steps: 1, notes: 1 } });
    } finally {
      next.close();
      first.close();
    }
  });
});
