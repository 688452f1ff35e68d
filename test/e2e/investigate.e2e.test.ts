import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvestigatePage } from './investigate-page.js';
import { WaterfallPage } from './waterfall-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/**
 * From the first screen to each culprit of the demo incident: one pivot (Investigate, or the `i` key) shows the
 * ranked suspects with their evidence, a second opens the worst example's waterfall on the blamed span.
 */
describe('Investigate panel on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let investigate: InvestigatePage;
  let waterfall: WaterfallPage;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    investigate = new InvestigatePage(session.page);
    waterfall = new WaterfallPage(session.page);
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('opens with the `i` key and lists the culprits, each with its statement and evidence', async () => {
    await session.page.keyboard.press('i');
    await investigate.panel().waitFor();
    await investigate.waitForDone();
    const canary = investigate.suspect('version-change', 'ads');
    expect(await canary.locator('[data-testid="suspect-statement"]').textContent()).toMatch(/^ads 2\.0\.0-canary: p95 \d+ ms vs 1\.4\.2/);
    expect(await canary.locator('[data-testid="suspect-evidence"]').textContent()).toContain('2.0.0-canary');
    const cart = investigate.suspect('error-origin', 'cart');
    expect(await cart.locator('[data-testid="suspect-message"]').first().textContent()).toContain('userId must not be empty');
    const invoice = investigate.suspect('async', 'email-worker');
    expect(await invoice.locator('[data-testid="suspect-statement"]').textContent()).toContain('messages from checkout orders publish');
    expect(await investigate.suspect('latency', 'ads').getAttribute('data-operation')).toBe('AdRanker.rank');
    await session.workbench.screenshot('investigate-01-suspects');
  });

  it('pivots from the cart suspect to its worst trace with the failing span selected', async () => {
    await investigate.pivot(investigate.suspect('error-origin', 'cart'), 'trace');
    await session.workbench.waitForView('trace');
    await waterfall.rows().first().waitFor();
    const spanId = await session.workbench.selectedSpanId();
    await expect.poll(() => waterfall.selectedRow().getAttribute('data-service')).toBe('cart');
    expect(await waterfall.selectedRow().getAttribute('data-error')).toBe('true');
    expect(spanId).not.toBeNull();
    await session.workbench.screenshot('investigate-02-cart-worst-trace');
  });

  it('pivots from the invoice consumer to its logs, and from the canary to the graph', async () => {
    await investigate.pivot(investigate.suspect('async', 'email-worker'), 'logs');
    await session.workbench.waitForView('logs');
    await session.page.locator('text=InvoiceRenderError').first().waitFor();
    await session.workbench.screenshot('investigate-03-invoice-logs');
    await investigate.pivot(investigate.suspect('version-change', 'ads'), 'graph');
    await session.workbench.waitForView('graph');
    expect(await session.workbench.hash()).toContain('service=ads');
    // The graph rings the ranked suspects it has for this window, ads among them.
    const canvas = session.page.locator('[data-testid="graph-canvas"][data-painted="true"]');
    await expect.poll(async () => ((await canvas.getAttribute('data-suspects')) ?? '').split(',')).toContain('ads');
    expect(((await canvas.getAttribute('data-suspects')) ?? '').split(',')).toContain('cart');
    await session.workbench.screenshot('investigate-04-canary-graph');
    expect(session.browserErrors).toEqual([]);
  });
});
