import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalStep } from '../../shared/casefile-types.js';
import { writeReport } from '../../electron/core/casefile/report-casefile.js';
import { CasefilePage } from './casefile-page.js';
import { E2E_TIMEOUT_MS, repoRoot, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

const SHOTS = path.join(repoRoot, 'test-results/screenshots');

/**
 * The on-call engineer investigates the demo incident, notes and pins, saves; a reviewer with an empty cache and no
 * sources opens the casefile in a fresh browser profile, replays every step (each view shows the rows recorded), and
 * opens the HTML report offline.
 */
describe('casefile: investigate → save → open offline elsewhere → replay → report', { timeout: E2E_TIMEOUT_MS * 3 }, () => {
  let oncall: WorkbenchSession;
  let reviewer: WorkbenchSession;
  let saved: string;
  let steps: JournalStep[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    oncall = await startWorkbenchSession({ loadDemo: true });
    reviewer = await startWorkbenchSession({ loadDemo: false });
  }, E2E_TIMEOUT_MS);
  afterAll(async () => {
    await oncall?.close();
    await reviewer?.close();
  });

  it('records each pivot, two notes and a pin, and saves', async () => {
    const { workbench, page, server, core } = oncall;
    const casefile = new CasefilePage(page);
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    await casefile.openJournal();
    await workbench.openView('traces');
    await workbench.selectService('frontend');
    await workbench.loadedTraceRows();
    const traceId = await workbench.openTrace(workbench.firstErrorTraceRow());
    await workbench.openView('logs');
    await workbench.openView('charts');
    await workbench.openView('graph');
    await workbench.selectService('cart');
    await workbench.openView('traces');
    await workbench.loadedTraceRows();
    await workbench.omniboxType(traceId);
    await workbench.omniboxEnter();
    await workbench.waitForView('trace');
    await casefile.addNote('Cart answers 500 for anonymous users:\nuserId must not be empty');
    await casefile.pinView('the failing product page');
    await workbench.openView('logs');
    await casefile.addNote('Logs of **frontend** show the `grpc` error first <img src=x onerror="document.title=1">');
    // Notes are Markdown: rendered, with the HTML in them shown as text and never run.
    const note = workbench.page.getByTestId('note-body').filter({ hasText: 'Logs of' });
    expect(await note.locator('strong').textContent()).toBe('frontend');
    expect(await note.locator('code').textContent()).toBe('grpc');
    expect(await note.locator('img').count()).toBe(0);
    expect(await note.textContent()).toContain('<img src=x');
    await expect.poll(async () => (await core.handlers.journal({})).steps.length).toBeGreaterThanOrEqual(9);
    steps = (await core.handlers.journal({})).steps;
    expect(steps.some((s) => s.kind === 'omnibox')).toBe(true);
    await casefile.screenshot(SHOTS, '01-oncall-journal');
    const message = await casefile.saveLookedAt();
    const name = /Saved (\S+\.casefile)/.exec(message)?.[1];
    expect(name).toBeDefined();
    saved = path.join(core.downloadDir, name!);
    await casefile.screenshot(SHOTS, '02-saved');
  });

  it('opens in a fresh profile with an empty cache and no sources, and replays every step with the rows recorded', async () => {
    const { workbench, page, server, core } = reviewer;
    const casefile = new CasefilePage(page);
    await workbench.open(server.url);
    expect((await core.handlers.appInfo({})).spanCount).toBe(0);
    await casefile.open(saved);
    expect(await casefile.offlineBadge().textContent()).toContain('offline evidence');
    await casefile.openJournal();
    const journal = await core.handlers.journal({});
    expect(journal.steps.map((s) => s.id)).toEqual(steps.map((s) => s.id));
    // The timeline marks the incident itself from the evidence: the first error and the ads canary's arrival.
    const timeline = page.getByTestId('step-timeline');
    await expect.poll(() => timeline.getAttribute('data-version-changes')).toBe('ads 2.0.0-canary');
    expect(await timeline.getAttribute('data-first-error')).toBe('true');
    for (const [i, step] of journal.steps.entries()) {
      await casefile.showStep(i);
      await workbench.waitForView(step.state.view.view);
      const view = step.state.view;
      if (view.view === 'trace') {
        await workbench.spanRows().first().waitFor();
        expect(await workbench.spanRows().count()).toBeGreaterThan(0);
      } else if (view.view === 'traces') {
        const rows = await workbench.loadedTraceRows();
        const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')));
        expect(shown.filter((id) => id !== null)).toEqual((step.detail.traceIds as string[]).slice(0, shown.length));
      }
      if (i === 1 || i === journal.steps.length - 1) await casefile.screenshot(SHOTS, `03-replay-step-${i + 1}`);
    }
    await expect(core.handlers.importFiles({ paths: ['/nonexistent'] })).rejects.toThrow(/offline evidence/);
  });

  it('exports an HTML report that opens offline (no request leaves the page) and shows notes, pin and charts', async () => {
    const { context } = reviewer;
    const html = path.join(reviewer.dataDir, 'report.html');
    writeReport(saved, { html }, null);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(html).href);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(await page.locator('[data-note]').count()).toBe(2);
    expect(await page.locator('[data-pin]').count()).toBe(1);
    expect(await page.locator('[data-chart] svg').count()).toBe(1);
    expect(await page.locator('body').textContent()).toContain('userId must not be empty');
    await page.screenshot({ path: path.join(SHOTS, 'casefile-04-report.png'), fullPage: true });
    await page.close();
  });
});
