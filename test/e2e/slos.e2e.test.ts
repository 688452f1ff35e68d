import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphPage } from './graph-page.js';
import { SlosPage } from './slos-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** The demo's ads canary judged in the graph's service panel, and SLOs made from suggestions, in Chromium. */
describe('canary verdict and SLOs on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let slos: SlosPage;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'light' });
    slos = new SlosPage(session.page);
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('says to roll back the ads canary in the service panel, and opens its slowest trace', async () => {
    await session.page.evaluate(() => (window.location.hash = '#/graph?service=ads'));
    await new GraphPage(session.page).waitForPaint();
    await slos.canaryPanel().waitFor();
    expect(await slos.canaryPanel().getAttribute('data-verdict')).toBe('rollback');
    expect(await slos.canaryStatement().textContent()).toMatch(/^2\.0\.0-canary is slower than 1\.4\.2 \(p99 .*, p < 0\.001, \d+ vs \d+ requests\): roll back$/);
    expect(await slos.canaryGroups().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-value')))).toEqual(['1.4.2', '2.0.0-canary']);
    await session.workbench.screenshot('slo-01-canary-panel-light');
    await session.page.locator('[data-testid="canary-trace"]').first().click();
    await expect.poll(() => session.workbench.hash()).toMatch(/^#\/trace\/[0-9a-f]{32}/);
    expect(session.browserErrors).toEqual([]);
  });

  it('diffs the canary’s slowest trace against a typical baseline request', async () => {
    await session.page.evaluate(() => (window.location.hash = '#/graph?service=ads'));
    await slos.canaryPanel().waitFor();
    await session.page.locator('[data-testid="canary-diff"]').click();
    await expect.poll(() => session.workbench.hash()).toMatch(/^#\/traces\?service=ads&da=[0-9a-f]{32}&db=[0-9a-f]{32}/);
    const summary = session.page.locator('[data-testid="trace-diff-summary"]');
    await summary.waitFor();
    // The canary's trace is the slower one: its extra time sits in ads' own spans.
    expect(await summary.textContent()).toMatch(/^A took [\d.]+ ms, B took [\d.]+ ms \(\+/);
    expect(await session.page.locator('[data-testid="trace-diff-node"]').count()).toBeGreaterThan(0);
    await session.workbench.screenshot('slo-06-canary-vs-baseline-diff-light');
    expect(session.browserErrors).toEqual([]);
  });

  it('shows no version panel, and no error, for a service that runs one version', async () => {
    await session.page.evaluate(() => (window.location.hash = '#/graph?service=cart'));
    await session.page.locator('[data-testid="service-operations"][data-status="success"][data-service="cart"]').waitFor();
    await session.page.waitForLoadState('networkidle');
    expect(await session.page.locator('[data-testid="canary-panel"]').count()).toBe(0);
    expect(session.browserErrors).toEqual([]);
  });

  it('makes an SLO from a suggestion, shows it burning, and names it in the header', async () => {
    await slos.openSlos();
    await expect.poll(() => slos.rows().count()).toBe(0);
    const frontend = slos.suggestion('frontend');
    await frontend.waitFor();
    await session.workbench.screenshot('slo-02-suggestions-light');
    await frontend.locator('[data-testid="add-slo-availability"]').click();
    await expect.poll(() => slos.rows().count()).toBe(1);
    await slos.detail().waitFor();
    await session.page.locator('[data-testid="slo-chart"]').waitFor();
    expect(await slos.rows().first().getAttribute('data-slo')).toMatch(/^frontend-.*-availability$/);
    await session.workbench.screenshot('slo-03-slo-detail-light');
    expect(session.browserErrors).toEqual([]);
  });

  it('flags an SLO the demo breaks in the header strip, which opens it', async () => {
    // The demo's frontend fails ~5% of requests: a 99.9% objective burns far past 14.4×.
    await session.core.handlers.saveSlo({ slo: { name: 'frontend-999', service: 'frontend', objective: { kind: 'availability', target: 0.999, bad: 'error' }, periodDays: 28 } });
    await session.page.reload();
    await session.workbench.waitForServicesLoaded();
    const item = slos.stripItems().filter({ hasText: 'frontend-999' });
    await item.waitFor();
    await item.click();
    await expect.poll(() => session.workbench.hash()).toMatch(/^#\/slos\?slo=frontend-999/);
    await slos.detail().waitFor();
    expect(await session.page.locator('[data-testid="slo-row"][data-slo="frontend-999"]').getAttribute('data-level')).toBe('page');
    await session.workbench.screenshot('slo-04-header-strip-light');
  });

  it('writes an objective of one’s own in the form, refuses a bad one in words, and edits it', async () => {
    await slos.openSlos();
    await session.page.locator('[data-testid="new-slo"]').click();
    const form = session.page.locator('[data-testid="slo-form"]');
    await form.waitFor();
    await form.locator('[data-testid="slo-name"]').fill('ads-getads-latency');
    await form.locator('[data-testid="slo-service"]').fill('ads');
    await form.locator('[data-testid="slo-operation"]').fill('shop.AdService/GetAds');
    await form.locator('[data-testid="slo-threshold"]').fill('400ms');
    await form.locator('[data-testid="slo-target"]').fill('100');
    await form.locator('[data-testid="slo-save"]').click();
    expect(await form.locator('[role="alert"]').textContent()).toBe('a percentage above 0 and below 100, e.g. 99.9');
    await form.locator('[data-testid="slo-target"]').fill('99');
    await session.workbench.screenshot('slo-05-custom-form-light');
    await form.locator('[data-testid="slo-save"]').click();
    await expect.poll(() => session.workbench.hash()).toMatch(/^#\/slos\?slo=ads-getads-latency/);
    const row = session.page.locator('[data-testid="slo-row"][data-slo="ads-getads-latency"]');
    await row.waitFor();
    // The canary's slow calls (~26% of GetAds above 400 ms) break a 99% objective.
    expect(await slos.detail().textContent()).toContain('ads: shop.AdService/GetAds · 99% under 400 ms over 28 days');
    await session.page.locator('[data-testid="edit-slo"]').click();
    expect(await form.locator('[data-testid="slo-name"]').isDisabled()).toBe(true);
    await form.locator('[data-testid="slo-target"]').fill('70');
    await form.locator('[data-testid="slo-save"]').click();
    await expect.poll(async () => (await slos.detail().textContent()) ?? '').toContain('70% under 400 ms');
    expect(await session.page.locator('[data-testid="slo-row"][data-slo="ads-getads-latency"]').count()).toBe(1);
    expect(session.browserErrors).toEqual([]);
  });
});
