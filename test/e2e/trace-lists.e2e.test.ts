import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/**
 * The traces list and an edge's list never stop silently: they say "1–200 of 329", page through all of them, sort by
 * a column, and keep only the slow ones (the demo incident holds more than 200 traces, and 221 calls frontend → cart).
 */
describe('trace lists: totals, pages, sorts, duration bounds', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let page: Page;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'light' });
    page = session.page;
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  const rows = () => page.locator('[data-testid="trace-row"]');
  const pager = () => page.locator('[data-testid="list-pager"]');
  const countText = async () => (await page.locator('[data-testid="list-count"]').textContent()) ?? '';
  const durations = async () => (await rows().evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-duration-ns') ?? el.getAttribute('data-call-ns')))));

  it('says how many traces there are and pages through every one of them', async () => {
    await page.evaluate(() => (window.location.hash = '#/traces'));
    await pager().waitFor();
    const total = Number(await pager().getAttribute('data-total'));
    expect(total).toBeGreaterThan(200);
    expect(await rows().count()).toBe(200);
    expect(await countText()).toBe(`1–200 of ${total} traces`);
    await session.workbench.screenshot('trace-lists-01-first-page');
    await page.locator('[data-testid="page-next"]').click();
    await expect.poll(countText).toBe(`201–${total} of ${total} traces`);
    expect(await rows().count()).toBe(total - 200);
    expect(await page.locator('[data-testid="page-next"]').isDisabled()).toBe(true);
    await page.locator('[data-testid="page-previous"]').click();
    await expect.poll(countText).toBe(`1–200 of ${total} traces`);
  });

  it('sorts by a column header, longest first, then the other way round, and the order is in the link', async () => {
    await page.locator('[data-testid="sort-header"][data-sort="duration"]').click();
    await expect.poll(() => session.workbench.hash()).toContain('sort=duration');
    await expect.poll(async () => isSorted(await durations(), 'desc')).toBe(true);
    await page.locator('[data-testid="sort-header"][data-sort="duration"]').click();
    await expect.poll(() => session.workbench.hash()).toContain('asc=1');
    await expect.poll(async () => isSorted(await durations(), 'asc')).toBe(true);
    await page.locator('[data-testid="sort-header"][data-sort="duration"]').click();
  });

  it('keeps only the slow ones with a duration bound, shown as a removable chip', async () => {
    await page.locator('[data-testid="duration-min"]').fill('400ms');
    await page.locator('[data-testid="duration-min"]').press('Enter');
    await expect.poll(() => session.workbench.hash()).toContain('dmin=400');
    await expect.poll(async () => (await durations()).every((ns) => ns >= 400e6)).toBe(true);
    const total = Number(await pager().getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(200);
    const chip = page.locator('[data-testid="filter-chip"][data-filter="duration"]');
    expect(await chip.textContent()).toContain('duration ≥ 400ms');
    await session.workbench.screenshot('trace-lists-02-slow-ones-by-duration');
    await chip.locator('button').click();
    await expect.poll(() => session.workbench.hash()).not.toContain('dmin');
  });

  it('pages and sorts an edge’s traces, and says how many the filters left of all through the edge', async () => {
    await page.evaluate(() => (window.location.hash = '#/traces?src=frontend&dst=ads'));
    await expect.poll(countText).toBe('1–200 of 221 traces through frontend → ads');
    await page.locator('[data-testid="page-next"]').click();
    await expect.poll(countText).toBe('201–221 of 221 traces through frontend → ads');
    await page.locator('[data-testid="sort-header"][data-sort="duration"]').click();
    await expect.poll(countText).toBe('1–200 of 221 traces through frontend → ads');
    await expect.poll(async () => isSorted(await durations(), 'desc')).toBe(true);
    await session.workbench.screenshot('trace-lists-03-edge-by-call-duration');

    await page.evaluate(() => (window.location.hash = '#/traces?src=frontend&dst=cart&errors=1'));
    await expect.poll(countText).toBe('1–12 of 12 traces through frontend → cart (193 through the edge before the filters)');
    expect(session.browserErrors).toEqual([]);
  });
});

function isSorted(values: number[], direction: 'asc' | 'desc'): boolean {
  return values.length > 1 && values.every((v, i) => i === 0 || (direction === 'desc' ? values[i - 1]! >= v : values[i - 1]! <= v));
}
