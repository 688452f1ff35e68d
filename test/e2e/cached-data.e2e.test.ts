import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphPage } from './graph-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/**
 * A reviewer opens an incident days later: "the last hour" holds nothing, and the empty views say where the cached
 * data is, with one click to show it (the demo incident lies on 2026-11-20 14:00–14:30 UTC).
 */
describe('an empty time range over a cache that is not empty', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('says where the cached data is in the empty graph and jumps to it', async () => {
    await session.page.evaluate(() => (window.location.hash = '#/graph?last=1h'));
    const hint = session.page.locator('[data-testid="cached-data-hint"]');
    await hint.waitFor();
    expect(await hint.textContent()).toMatch(/^Cached data: 2026-11-20 1[34]:\d\d → 2026-11-20 14:\d\d UTC/);
    await session.workbench.screenshot('cached-data-01-empty-graph');
    await session.page.locator('[data-testid="show-cached-data"]').click();
    await new GraphPage(session.page).waitForPaint();
    await expect.poll(() => session.workbench.hash()).toMatch(/from=\d{19}&to=\d{19}/);
    expect(await hint.count()).toBe(0);
  });

  it('offers presets relative to the cached data in the time picker: its last 15 minutes, fixed as a range', async () => {
    await session.page.evaluate(() => (window.location.hash = '#/traces?last=1h'));
    await session.page.locator('[data-testid="cached-data-hint"]').waitFor();
    await session.page.locator('[data-testid="time-picker"]').click();
    const presets = session.page.locator('[data-testid="data-tail-preset"]');
    await presets.first().waitFor();
    await session.workbench.screenshot('cached-data-03-data-relative-presets');
    await presets.filter({ hasText: 'Its last 15 minutes' }).click();
    await expect.poll(() => session.workbench.hash()).toMatch(/from=\d{19}&to=\d{19}/);
    const hash = await session.workbench.hash();
    const [, from, to] = /from=(\d{19})&to=(\d{19})/.exec(hash)!;
    expect(BigInt(to!) - BigInt(from!)).toBe(15n * 60n * 1_000_000_000n);
    expect(await session.page.locator('[data-testid="time-picker"]').textContent()).toMatch(/2026-11-20 14:1\d:\d\d\.\d{3} → 2026-11-20 14:[23]\d/);
    await session.page.locator('[data-testid="trace-row"]').first().waitFor();
  });

  it('says the same in the empty traces and logs views', async () => {
    for (const view of ['traces', 'logs']) {
      await session.page.evaluate((v) => (window.location.hash = `#/${v}?last=15m`), view);
      await session.page.locator('[data-testid="cached-data-hint"]').waitFor();
    }
    await session.workbench.screenshot('cached-data-02-empty-logs');
    expect(session.browserErrors).toEqual([]);
  });
});
