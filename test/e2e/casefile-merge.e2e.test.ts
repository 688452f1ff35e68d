import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalContent } from '../../shared/casefile-types.js';
import { saveCasefile } from '../../electron/core/casefile/save-casefile.js';
import { DEMO_FILE } from '../../electron/core/core.js';
import { importFile } from '../../electron/core/ingest/import-file.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { CasefilePage } from './casefile-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/**
 * Two on-call engineers saved casefiles of the demo incident (alice looked at the graph and one failing trace, bob at
 * another); the reviewer opens alice's, then picks bob's: Casefile offers to merge, and the merged casefile replays
 * both journals, each step under its author.
 */
describe('merging a second casefile into the one open, in Chromium', { timeout: E2E_TIMEOUT_MS }, () => {
  let dir: string;
  let session: WorkbenchSession;
  let casefile: CasefilePage;
  let traces: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'casefile-e2e-merge-'));
    const cachePath = path.join(dir, 'cache.sqlite');
    const db = openDatabase(cachePath);
    await importFile(db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    traces = db.prepare('SELECT trace_id FROM traces WHERE error_count > 0 ORDER BY start_ns LIMIT 2').pluck().all() as string[];
    db.close();
    saveCasefile(cachePath, path.join(dir, 'alice.casefile'), { traceIds: [traces[0]!], logIds: [], windows: [], allInWindow: false }, { title: 'Checkout errors', author: 'alice', journal: journalOf('alice', traces[0]!) });
    saveCasefile(cachePath, path.join(dir, 'bob.casefile'), { traceIds: [traces[1]!], logIds: [], windows: [], allInWindow: false }, { title: 'bob on call', author: 'bob', journal: journalOf('bob', traces[1]!) });
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'light' });
    casefile = new CasefilePage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers to merge a casefile picked while another is open, and replays both journals', async () => {
    const { page, workbench, server } = session;
    await workbench.open(server.url);
    await casefile.open(path.join(dir, 'alice.casefile'));
    expect(await casefile.offlineBadge().textContent()).toBe('offline evidence · Checkout errors');
    await page.getByTestId('casefile-open-input').setInputFiles(path.join(dir, 'bob.casefile'));
    const dialog = page.getByTestId('casefile-merge-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('bob.casefile while Checkout errors is open');
    await workbench.screenshot('casefile-merge-01-offer');
    await page.getByTestId('casefile-merge').click();
    await page.getByTestId('casefile-message').filter({ hasText: 'Merged' }).waitFor();
    expect(await page.getByTestId('casefile-message').textContent()).toMatch(/^Merged: Checkout-errors-merged\.casefile \(\+\d+ spans, \+\d+ logs, \+2 steps, \+1 notes, \+0 pins\)$/);

    await casefile.openJournal();
    await expect.poll(() => casefile.stepItems().count()).toBe(4);
    // Both journals show, so the merged file is the one open. Its badge learns of its indexing only when its queries
    // refresh after the message, so waiting for the indexing mark to go could pass before the mark came: the badge
    // itself must come to read the base's title alone, indexing done.
    await expect.poll(() => casefile.offlineBadge().textContent(), { timeout: 15_000 }).toBe('offline evidence · Checkout errors');
    const authors = await casefile.stepItems().evaluateAll((items) => items.map((li) => li.querySelector('.muted')?.textContent?.trim().split(' ')[0]));
    expect(authors).toEqual(['alice', 'alice', 'bob', 'bob']);
    // bob's trace step replays from the merged evidence alone.
    await casefile.showStep(3);
    await expect.poll(() => workbench.hash()).toContain(traces[1]!);
    await page.getByTestId('span-row').first().waitFor();
    await workbench.screenshot('casefile-merge-02-replay-bob');
  });
});

function journalOf(author: string, traceId: string): JournalContent {
  const at = Date.UTC(2026, 1, 2, 10);
  return {
    steps: [
      { id: 1, parentId: null, at, author, kind: 'view', state: { view: { view: 'graph' }, time: { kind: 'all' }, timeZone: 'utc' }, detail: {} },
      { id: 2, parentId: null, at: at + 60_000, author, kind: 'view', state: { view: { view: 'trace', traceId }, time: { kind: 'all' }, timeZone: 'utc' }, detail: {} },
    ],
    notes: [{ id: 1, createdAt: at, updatedAt: at, author, target: { kind: 'casefile', id: null }, body: `${author} was here` }],
    pins: [],
    conclusion: null,
  };
}
