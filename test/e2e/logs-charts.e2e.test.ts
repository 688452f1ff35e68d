import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogsChartsPage } from './logs-charts-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** The logs and charts views on the demo incident (fixtures/demo), against the real core, server and Chromium. */
describe('logs and charts views on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let views: LogsChartsPage;
  let cartErrorTrace: string;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    views = new LogsChartsPage(session.page);
    // A trace in which cart logged its ERROR: the demo's injected bug.
    cartErrorTrace = session.core.db
      .prepare("SELECT trace_id FROM logs WHERE service = 'cart' AND severity_number >= 17 AND trace_id IS NOT NULL ORDER BY time_ns LIMIT 1")
      .pluck()
      .get() as string;
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it("lists a trace's logs, including cart's ERROR whose stack trace opens in the detail", async () => {
    await views.goToHash(`#/logs?trace=${cartErrorTrace}`);
    await views.waitForLogs();
    const cartError = views.page.locator('[data-testid="log-row"][data-service="cart"][data-severity="error"]');
    await expect.poll(() => cartError.count()).toBe(1);
    expect(await views.histogram().getAttribute('data-total')).toBe(String(await views.logRows().count()));
    await cartError.click();
    await views.logDetail().waitFor();
    expect(await views.page.locator('[data-testid="log-detail-body"]').textContent()).toBe('GetCart failed: userId must not be empty');
    expect(await views.logDetailAttribute('exception.stacktrace').textContent()).toMatch(/\n\tat shop\.cart\.CartStore/);
    await session.workbench.screenshot('logs-01-trace-dark');
  });

  it('opens the span of a log through its span link', async () => {
    const link = views.page.locator('[data-testid="log-row"][data-service="cart"][data-severity="error"] [data-testid="log-span-link"]');
    await link.click();
    await expect.poll(() => views.hash()).toMatch(new RegExp(`^#/trace/${cartErrorTrace}\\?span=[0-9a-f]{16}`));
    await session.page.goBack();
    await views.waitForLogs();
  });

  it("shows a span's logs with the span's interval shaded on the histogram", async () => {
    const spanId = session.core.db
      .prepare("SELECT span_id FROM logs WHERE trace_id = ? AND service = 'cart' AND severity_number >= 17")
      .pluck()
      .get(cartErrorTrace) as string;
    await views.goToHash(`#/logs?trace=${cartErrorTrace}&span=${spanId}`);
    await views.waitForLogs();
    await expect.poll(() => views.rowAttributes('correlation')).toEqual(['span']);
    expect(await views.histogram().getAttribute('data-subject')).toBe('span');
    await session.workbench.screenshot('logs-05-span-dark');
  });

  it('marks logs tied only by service and time (they carry no trace id)', async () => {
    await views.goToHash('#/logs?service=ads&q=healthz');
    await views.waitForLogs();
    await expect.poll(async () => new Set(await views.rowAttributes('correlation'))).toEqual(new Set(['service-time']));
    expect(await views.page.locator('[data-testid="service-time-marker"]').count()).toBe(await views.logRows().count());
    await session.workbench.screenshot('logs-06-service-time-dark');
  });

  it('finds the ads leftoverSleep WARN logs by text, with the word marked', async () => {
    await views.goToHash('#/logs');
    await views.waitForLogs();
    await views.search('leftoverSleep');
    await expect.poll(() => views.hash()).toContain('q=leftoverSleep');
    await views.waitForLogs();
    await expect.poll(async () => new Set(await views.rowAttributes('service'))).toEqual(new Set(['ads']));
    expect(new Set(await views.rowAttributes('severity'))).toEqual(new Set(['warn']));
    const marks = await views.searchMatches().allTextContents();
    expect(marks.length).toBe(await views.logRows().count());
    for (const mark of marks) expect(mark).toBe('leftoverSleep');
    await session.workbench.screenshot('logs-02-search-dark');
    await session.workbench.setTheme('light');
    await session.workbench.screenshot('logs-03-search-light');
    await session.workbench.setTheme('dark');
  });

  it('finds the forms of a word (“sleep” marks “sleeping”), and offers the wider search when nothing matches', async () => {
    await views.goToHash('#/logs?q=sleep');
    await views.waitForLogs();
    await expect.poll(() => views.logRows().count()).toBe(25);
    expect(new Set(await views.searchMatches().allTextContents())).toEqual(new Set(['sleeping']));
    await views.goToHash('#/logs?q=leftover');
    await views.page.locator('[data-testid="search-wider"]').waitFor();
    expect(await views.page.locator('[data-testid="no-logs-searched"]').textContent()).toContain('whole words and their forms');
    await session.workbench.screenshot('logs-07-no-match-wider-dark');
    await views.page.locator('[data-testid="search-wider"]').click();
    await expect.poll(() => views.hash()).toContain('q=leftover*');
    await expect.poll(() => views.logRows().count()).toBe(25);
    expect(new Set(await views.searchMatches().allTextContents())).toEqual(new Set(['leftoverSleep']));
  });

  it('shows only errors once the severity floor is ERROR', async () => {
    await views.goToHash('#/logs');
    await views.waitForLogs();
    await views.setMinSeverity('ERROR and up');
    await expect.poll(() => views.hash()).toContain('sev=17');
    await views.waitForLogs();
    await expect.poll(async () => new Set(await views.rowAttributes('severity'))).toEqual(new Set(['error']));
    expect(await views.logRows().count()).toBeGreaterThan(5);
    await session.workbench.screenshot('logs-04-errors-dark');
  });

  it('keeps only the rows in view in the DOM while loading more as the list scrolls', async () => {
    await views.goToHash('#/logs?service=frontend');
    await views.waitForLogs();
    const list = views.page.locator('[data-testid="log-list"]');
    const loadedBefore = Number(await list.getAttribute('data-loaded'));
    expect(loadedBefore).toBe(200);
    await views.scrollLogsToEnd();
    await expect.poll(async () => Number(await list.getAttribute('data-loaded'))).toBeGreaterThan(loadedBefore);
    expect(await views.logRows().count()).toBeLessThan(100);
  });

  it('charts ads with the p95 rising after the 2.0.0-canary marker', async () => {
    await views.goToHash('#/charts?service=ads');
    await views.waitForCharts('ads');
    // Each version's marker carries the canary verdict on it.
    await expect.poll(() => views.latencyChart().getAttribute('data-versions')).toMatch(/^1\.4\.2 \(baseline\):\d+ 2\.0\.0-canary \(roll back\):\d+$/);
    expect(await views.page.locator('[data-testid="charts-canary"]').getAttribute('data-verdict')).toBe('rollback');
    const impact = views.versionImpact();
    expect(await impact.getAttribute('data-version')).toBe('2.0.0-canary');
    const before = Number(await impact.getAttribute('data-before-ms'));
    const after = Number(await impact.getAttribute('data-after-ms'));
    // v1's p95 already carries the leftover sleeps (~200–300 ms); half the traffic on the canary adds ~500 ms.
    expect(after).toBeGreaterThan(400);
    expect(after).toBeGreaterThan(before * 1.5);
    await session.workbench.screenshot('charts-01-ads-dark');
    await session.workbench.setTheme('light');
    await session.workbench.screenshot('charts-02-ads-light');
    await session.workbench.setTheme('dark');
  });

  it('makes a range brushed on a chart the time window', async () => {
    expect(await views.hash()).not.toContain('from=');
    await views.brushLatency(0.3, 0.6);
    await expect.poll(() => views.hash()).toMatch(/from=\d+&to=\d+/);
    const hash = await views.hash();
    const from = BigInt(/from=(\d+)/.exec(hash)![1]!);
    const to = BigInt(/to=(\d+)/.exec(hash)![1]!);
    expect(to > from).toBe(true);
    await views.waitForCharts('ads');
    await session.workbench.screenshot('charts-03-brushed-dark');
  });

  it('narrows the charts to one operation picked from the service’s operations', async () => {
    const picker = views.operationPicker();
    await expect.poll(() => picker.isEnabled()).toBe(true);
    const names = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
    expect(names.length).toBeGreaterThan(0);
    await picker.selectOption(names[0]!);
    await expect.poll(async () => new URLSearchParams((await views.hash()).split('?')[1] ?? '').get('op')).toBe(names[0]!);
    await views.waitForCharts('ads');
    expect(await views.chartsView().locator('.view-title').innerText()).toContain(names[0]!);
    await session.workbench.screenshot('charts-04-one-operation');
  });

  it('reported no browser errors', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
