import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaterfallPage } from './waterfall-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/**
 * The trace waterfall on the demo incident: a frontend POST /checkout trace whose discounts service runs one
 * postgres query per item (N+1) and whose checkout publishes to Kafka, consumed by email-worker in another trace.
 */
describe('trace waterfall on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let waterfall: WaterfallPage;
  let checkoutTrace: string;
  let errorTrace: string;
  let queries: number;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    const { db } = session.core;
    const discounts = `(SELECT count(*) FROM spans s WHERE s.trace_id = t.trace_id AND s.name = 'SELECT discounts')`;
    const row = db
      .prepare(
        `SELECT t.trace_id AS traceId, ${discounts} AS queries FROM traces t
         WHERE t.root_name = 'POST /checkout' AND EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND s.kind = 4)
         ORDER BY ${discounts} DESC LIMIT 1`,
      )
      .get() as { traceId: string; queries: number };
    checkoutTrace = row.traceId;
    queries = row.queries;
    errorTrace = db
      .prepare("SELECT trace_id FROM traces WHERE root_service = 'frontend' AND error_count > 0 ORDER BY span_count DESC LIMIT 1")
      .pluck()
      .get() as string;
    waterfall = new WaterfallPage(session.page);
    // Tall enough that the whole 50-span checkout trace is drawn at once (rows outside the window are not in the DOM).
    await session.page.setViewportSize({ width: 1600, height: 1800 });
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the checkout trace as a tree: services, names and nesting', async () => {
    await waterfall.openTrace(checkoutTrace);
    expect(queries).toBeGreaterThan(10);
    const rows = await waterfall.rowSummaries();
    expect(rows.slice(0, 3)).toEqual([
      'frontend|POST /checkout|0',
      'frontend|shop.CheckoutService/PlaceOrder|1',
      'checkout|shop.CheckoutService/PlaceOrder|2',
    ]);
    expect(rows).toContain('discounts|shop.DiscountService/ApplyDiscounts|4');
    // The N+1: every query is a child of the discounts server span, shown as one closed group row.
    expect(rows.filter((r) => r === 'discounts|SELECT discounts|5')).toHaveLength(1);
    expect(await waterfall.rowCount()).toBe(rows.length);
    const group = waterfall.groupRow('SELECT discounts');
    expect(await group.getAttribute('data-group-size')).toBe(String(queries));
    expect(await group.getAttribute('data-collapsed')).toBe('true');
    expect(await group.innerText()).toMatch(new RegExp(`${queries} ×\\s*SELECT discounts[\\s\\S]*total`));
    await session.workbench.screenshot('waterfall-01-checkout');
  });

  it('opens the N+1 group to show every query, and closes it again', async () => {
    const before = await waterfall.rowCount();
    const group = waterfall.groupRow('SELECT discounts');
    await waterfall.toggleIn(group).click();
    await expect.poll(() => waterfall.rowCount()).toBe(before + queries);
    expect(await waterfall.row({ name: 'SELECT discounts' }).count()).toBe(queries + 1);
    await session.workbench.screenshot('waterfall-01b-group-open');
    await waterfall.toggleIn(group).click();
    await expect.poll(() => waterfall.rowCount()).toBe(before);
  });

  it('never prints a duration over the span names', async () => {
    const overprints = (await waterfall.durationOverprints()).filter((r) => r.px > 0.5);
    expect(overprints).toEqual([]);
  });

  it('collapses the discounts subtree and the queries disappear, then expands it again', async () => {
    const before = await waterfall.rowCount();
    const server = waterfall.row({ service: 'discounts', name: 'shop.DiscountService/ApplyDiscounts' });
    await waterfall.toggleIn(server).click();
    await expect.poll(() => waterfall.rowCount()).toBe(before - 1);
    expect(await waterfall.row({ name: 'SELECT discounts' }).count()).toBe(0);
    expect(await server.getAttribute('data-collapsed')).toBe('true');
    await session.workbench.screenshot('waterfall-02-collapsed');
    await waterfall.toggleIn(server).click();
    await expect.poll(() => waterfall.row({ name: 'SELECT discounts' }).count()).toBe(1);
  });

  it('draws the critical path on the bars when switched on', async () => {
    expect(await waterfall.criticalSegments().count()).toBe(0);
    await waterfall.criticalToggle().check();
    await expect.poll(() => waterfall.criticalSegments().count()).toBeGreaterThan(2);
    // The root is always on the critical path.
    const root = waterfall.row({ name: 'POST /checkout' });
    expect(await root.locator('[data-testid="critical-segment"]').count()).toBeGreaterThan(0);
    await session.workbench.screenshot('waterfall-03-critical-path');
  });

  it('searches attribute values and steps to the match', async () => {
    // "orders" is the Kafka topic: only the producer span carries it as an attribute value.
    await waterfall.search().fill('orders');
    await expect.poll(() => waterfall.searchCount().textContent()).toMatch(/^\d+ \/ \d+/);
    await waterfall.searchNext().click();
    await expect.poll(() => waterfall.selectedRow().getAttribute('data-match')).toBe('true');
    expect(await waterfall.selectedRow().getAttribute('data-service')).toBe('checkout');
    await session.workbench.screenshot('waterfall-04-search');
  });

  it('opens the producer span’s link to the email-worker trace, and follows the consumer’s link back', async () => {
    const producer = waterfall.row({ service: 'checkout' }).and(waterfall.page.locator('[data-match="true"]')).first();
    await producer.click();
    const incoming = waterfall.link('incoming');
    await incoming.first().waitFor();
    expect(await incoming.first().textContent()).toContain('email-worker');
    // Links come first in the details, and the row carries a link mark.
    expect((await waterfall.detailSections())[0]).toMatch(/^Links/);
    expect(await waterfall.linkIconIn(producer).count()).toBe(1);
    await session.workbench.screenshot('waterfall-05-producer-links');
    const consumerTrace = (await incoming.first().getAttribute('data-trace-id')) ?? '';
    await incoming.first().locator('[data-testid="span-link-open"]').click();
    await waterfall.waitForTrace(consumerTrace);
    await expect.poll(() => waterfall.selectedRow().getAttribute('data-service')).toBe('email-worker');
    const outgoing = waterfall.link('outgoing');
    await outgoing.first().waitFor();
    expect(await outgoing.first().getAttribute('data-trace-id')).toBe(checkoutTrace);
    await session.workbench.screenshot('waterfall-06-consumer-trace');
    await outgoing.first().locator('[data-testid="span-link-open"]').click();
    await waterfall.waitForTrace(checkoutTrace);
    await expect.poll(() => waterfall.selectedRow().getAttribute('data-service')).toBe('checkout');
  });

  it('jumps to the error span with the keyboard and shows its status and logs', async () => {
    await waterfall.openTrace(errorTrace);
    await waterfall.scroller().focus();
    await waterfall.page.keyboard.press('e');
    await expect.poll(() => waterfall.selectedRow().getAttribute('data-error')).toBe('true');
    await expect.poll(() => waterfall.detailStatus().textContent()).toMatch(/^error/);
    // Down then `p` comes back up to the parent of the next row.
    const errorRow = Number(await waterfall.selectedRow().getAttribute('data-row'));
    await waterfall.page.keyboard.press('ArrowDown');
    await expect.poll(async () => Number(await waterfall.selectedRow().getAttribute('data-row'))).toBe(errorRow + 1);
    await waterfall.page.keyboard.press('p');
    await expect.poll(async () => Number(await waterfall.selectedRow().getAttribute('data-row'))).toBeLessThan(errorRow + 1);
    await waterfall.logs().and(waterfall.page.locator('[data-status="success"]')).waitFor();
    await session.workbench.screenshot('waterfall-07-error-keyboard');
  });

  it('zooms into a range dragged on the minimap, and resets', async () => {
    const box = (await waterfall.minimap().boundingBox())!;
    await waterfall.page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await waterfall.page.mouse.down();
    await waterfall.page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
    await waterfall.page.mouse.up();
    await waterfall.zoomReset().waitFor();
    await session.workbench.screenshot('waterfall-08-zoomed');
    await waterfall.zoomReset().click();
    expect(await waterfall.zoomReset().count()).toBe(0);
  });

  it('resizes the logs pane by its handle, and remembers the size after a reload', async () => {
    await waterfall.openTrace(checkoutTrace);
    const before = await waterfall.logsPaneHeight();
    const handle = (await waterfall.splitHandle().boundingBox())!;
    await waterfall.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await waterfall.page.mouse.down();
    await waterfall.page.mouse.move(handle.x + handle.width / 2, handle.y - 200, { steps: 5 });
    await waterfall.page.mouse.up();
    await expect.poll(() => waterfall.logsPaneHeight()).toBeGreaterThan(before + 150);
    const resized = await waterfall.logsPaneHeight();
    await waterfall.page.reload();
    await waterfall.waitForTrace(checkoutTrace);
    expect(Math.abs((await waterfall.logsPaneHeight()) - resized)).toBeLessThan(2);
    await session.workbench.screenshot('waterfall-09-logs-resized');
  });

  it('says the selected span has no logs but its trace has some, and shows them in one click', async () => {
    const quiet = waterfall.row({ service: 'frontend', name: 'shop.CheckoutService/PlaceOrder' });
    await quiet.click();
    await expect.poll(() => waterfall.spanLogsNone().textContent()).toMatch(/^None for this span; \d+\+? in this trace/);
    await session.workbench.screenshot('waterfall-10-span-without-logs');
    await waterfall.showTraceLogs().click();
    await waterfall.page.locator('[data-testid="trace-logs"][data-scope="trace"]').waitFor();
    expect(await waterfall.page.locator('[data-testid="trace-logs"] [data-testid="log-row"]').count()).toBeGreaterThan(0);
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
