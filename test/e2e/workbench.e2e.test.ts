import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../shared/web-bridge.js';
import { writeTraceFile } from '../trace-files.js';
import { GraphPage, TEST_HOOKS_SCRIPT } from './graph-page.js';
import { WaterfallPage } from './waterfall-page.js';
import { E2E_TIMEOUT_MS, repoRoot, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

const upstreamFixture = path.resolve(repoRoot, 'fixtures/upstream/zipkin-v2/zipkin-lens__netflix.json');

/** The demo incident's services (fixtures/demo): the first screen must show them without any import. */
const DEMO_SERVICES = ['frontend', 'ads', 'discounts', 'cart', 'checkout', 'payment', 'email-worker'];
/** Services named in the Zipkin fixture's localEndpoint fields. */
const NETFLIX_SERVICES = ['api', 'apip', 'session_logs'];

describe('workbench on the demo incident, in browser mode against the real core and web server', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let waterfall: WaterfallPage;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    // The graph's cytoscape instance, for reading what a running import has drawn.
    await session.page.addInitScript(TEST_HOOKS_SCRIPT);
    waterfall = new WaterfallPage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('opens on the demo incident and lists its services', async () => {
    const { workbench, server, page } = session;
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    const names = await workbench.serviceNames();
    for (const service of DEMO_SERVICES) expect(names).toContain(service);
    // The token has moved from the address bar into the session.
    expect(page.url()).not.toContain(server.token);
    await workbench.screenshot('01-services-dark');
  });

  it('lists the traces of a selected service', async () => {
    const { workbench } = session;
    await workbench.openView('traces');
    await workbench.selectService('frontend');
    const rows = await workbench.loadedTraceRows();
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await workbench.firstErrorTraceRow().count()).toBe(1);
    await workbench.screenshot('02-frontend-traces');
  });

  it('opens an erroring trace with its spans in tree order and error markers', async () => {
    const { workbench } = session;
    await workbench.openTrace(workbench.firstErrorTraceRow());
    expect(await workbench.spanRows().count()).toBeGreaterThan(1);
    // The root comes first and is the frontend's.
    expect(await workbench.spanRows().first().getAttribute('data-service')).toBe('frontend');
    expect(await workbench.spanRowsOf('cart').count()).toBeGreaterThan(0);
    expect(await workbench.errorMarkerIn(workbench.erroringSpanRowOf('cart')).count()).toBe(1);
    await workbench.screenshot('03-trace-spans');
  });

  it('shows a clicked span’s attributes and status in the detail pane', async () => {
    const { workbench } = session;
    await workbench.erroringSpanRowOf('cart').click();
    await expect.poll(() => workbench.spanStatus().textContent()).toMatch(/^error/);
    expect(await workbench.spanAttribute('rpc.system').textContent()).toBe('grpc');
    expect(await workbench.spanAttribute('rpc.method').textContent()).toBe('GetCart');
    await workbench.screenshot('04-span-detail');
  });

  it('shows the trace’s logs, with an ERROR stack trace that expands', async () => {
    const { workbench } = session;
    await waterfall.showWholeTraceLogs();
    await waterfall.waitForTraceLogs();
    expect(await waterfall.errorLogRows().count()).toBeGreaterThan(0);
    const withStack = waterfall.errorLogRowsWithMoreLines().first();
    await waterfall.logExpandButtonIn(withStack).click();
    const fullBody = (await waterfall.logFullBodyIn(withStack).textContent()) ?? '';
    expect(fullBody).toMatch(/\n\s+at /);
    await workbench.screenshot('05-trace-logs-expanded');
  });

  it('renders the light theme and remembers the choice', async () => {
    const { workbench, page } = session;
    await workbench.setTheme('light');
    await workbench.screenshot('06-trace-light');
    await page.reload();
    await workbench.waitForServicesLoaded();
    expect(await workbench.currentTheme()).toBe('light');
    await workbench.screenshot('07-services-light');
    await workbench.setTheme('dark');
    expect(await workbench.savedTheme()).toBe('dark');
  });

  it('imports an upstream Zipkin file through the upload path and lists its services and traces', async () => {
    const { workbench } = session;
    await workbench.importFiles([upstreamFixture]);
    const fileName = path.basename(upstreamFixture);
    expect(await workbench.waitForImportEnd(fileName)).toBe('done');
    for (const service of NETFLIX_SERVICES) await workbench.serviceItem(service).waitFor();
    // Read, then hidden by hand: the panel folds to a pill and no longer covers the view.
    await workbench.importFold().click();
    await workbench.importPill().waitFor();
    expect(await workbench.importPanel().count()).toBe(0);
    await workbench.screenshot('08-imported-zipkin');
    await workbench.selectService('apip');
    const rows = await workbench.loadedTraceRows();
    expect(await rows.count()).toBeGreaterThan(0);
    await workbench.openTrace(rows.first());
    expect(await workbench.spanRowsOf('apip').count()).toBeGreaterThan(0);
    await workbench.screenshot('09-imported-zipkin-trace');
  });

  it('reports a truncated file as a failed import that names the file', async () => {
    const { workbench, dataDir } = session;
    const fileName = 'truncated-trace.json';
    const truncated = path.join(dataDir, fileName);
    writeFileSync(truncated, '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"brok');
    await workbench.importFiles([truncated]);
    expect(await workbench.waitForImportEnd(fileName)).toBe('failed');
    expect(await workbench.importErrorOf(fileName).textContent()).toContain(fileName);
    await workbench.screenshot('10-import-failed');
    // The Loaded list says why it failed, and lets it go.
    const failed = workbench.failedLoads().filter({ hasText: fileName });
    await failed.waitFor();
    expect(await failed.locator('[data-testid="load-error"]').textContent()).toMatch(/^failed: .*truncated-trace\.json/);
    await workbench.screenshot('10b-failed-load-in-sidebar');
    await failed.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => failed.count()).toBe(0);
  });

  it("shows a big import's rate and the graph of what has arrived, and cancels it from its row, keeping nothing of the file", async () => {
    const { workbench, dataDir, core, page } = session;
    const fileName = 'big-trace.zipkin.json';
    const big = path.join(dataDir, fileName);
    // 1.4M spans (~410 MB): long enough to be seen running (in two views) and cancelled on a busy machine too. At
    // 800k, with the whole suite running, the import could end while the page was still being checked.
    writeTraceFile(big, 1_400_000, 'zipkin');
    const before = (await core.handlers.appInfo({})).spanCount;
    // The graph is open as the import begins (a war room watches it): it shows what has arrived, the file's own
    // services (inventory is in no other data here) and their calls, growing while the import runs, none of it committed.
    const graph = new GraphPage(page);
    await graph.open();
    await workbench.importFiles([big]);
    const job = workbench.importJob(fileName);
    await job.locator('[data-testid="import-rate"]').waitFor({ timeout: 60_000 });
    expect(await job.locator('[data-testid="import-rate"]').textContent()).toMatch(/· [\d,.]+[kM]? records\/s/);
    const summary = page.locator('[data-testid="graph-summary"]');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/ edges · with [\d,.]+[kM]? spans an import has stored so far/);
    await expect.poll(async () => (await graph.nodes()).map((n) => n.name), { timeout: 30_000 }).toContain('inventory');
    expect((await graph.edges()).some((e) => e.source === 'frontend' && e.target === 'inventory')).toBe(true);
    expect(await job.getAttribute('data-state')).toBe('running');
    expect(core.db.prepare("SELECT count(*) FROM service_minutes WHERE service = 'inventory'").pluck().get()).toBe(0);
    await workbench.screenshot('10c-import-running');

    await job.locator('[data-testid="import-cancel"]').click();
    expect(await workbench.waitForImportEnd(fileName)).toBe('failed');
    expect(await workbench.importErrorOf(fileName).textContent()).toMatch(/big-trace\.zipkin\.json: import cancelled/);
    // Cancelled, the import's services leave the graph with it.
    await expect.poll(async () => (await graph.nodes()).map((n) => n.name), { timeout: 30_000 }).not.toContain('inventory');
    expect(await summary.textContent()).not.toContain('import');
    await workbench.screenshot('10d-import-cancelled');
    expect((await core.handlers.appInfo({})).spanCount).toBe(before);
    expect(await workbench.serviceNames()).not.toContain('inventory');
  });

  it('opens the biggest trace a finished import brought, from its row', async () => {
    const { workbench, dataDir } = session;
    const fileName = 'one-trace.jaeger.json';
    const file = path.join(dataDir, fileName);
    writeTraceFile(file, 2_000, 'jaeger');
    await workbench.importFiles([file]);
    expect(await workbench.waitForImportEnd(fileName)).toBe('done');
    const open = workbench.importJob(fileName).locator('[data-testid="import-open-trace"]');
    expect(await open.textContent()).toBe('Open its biggest trace · 2,000 spans');
    await open.click();
    await workbench.spanRowsOf('inventory').first().waitFor();
    expect(await workbench.spanRowsOf('frontend').first().textContent()).toContain('GET /checkout');
    await workbench.screenshot('10e-import-opened-trace');
  });

  it("shows a big import's trace as its spans arrive, then the whole trace once the import commits", async () => {
    const { workbench, dataDir, core, page } = session;
    const fileName = 'arriving-trace.zipkin.json';
    const file = path.join(dataDir, fileName);
    // 800k spans: about ten seconds of import, with the first rows on screen long before it commits, on a machine
    // busy with other test files too (400k could commit first there).
    const { traceId } = writeTraceFile(file, 800_000, 'zipkin', { traceId: 'a11fe0000000000000000000000000ad' });
    await workbench.importFiles([file]);
    const watch = workbench.importJob(fileName).locator('[data-testid="import-watch-trace"]');
    await watch.waitFor({ timeout: 60_000 });
    expect(await watch.textContent()).toMatch(/^Watch its biggest trace arrive · [\d,.]+[kM]? spans so far$/);
    await watch.click();
    const arriving = page.locator('[data-testid="trace-arriving"]');
    await arriving.waitFor();
    await workbench.spanRowsOf('frontend').first().waitFor();
    // Rows are on screen while the import still runs and nothing of the file is in the cache.
    expect(await workbench.importJob(fileName).getAttribute('data-state')).toBe('running');
    expect(core.db.prepare('SELECT count(*) FROM spans WHERE trace_id = ?').pluck().get(traceId)).toBe(0);
    expect(await arriving.textContent()).toMatch(/Importing: [\d,]+ spans of this trace so far/);
    await workbench.screenshot('10f-import-trace-arriving');

    expect(await workbench.waitForImportEnd(fileName)).toBe('done');
    await arriving.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="trace-span-count"]').textContent(), { timeout: 30_000 }).toBe('800,000');
    await workbench.screenshot('10g-import-trace-committed');
  });

  it('refuses API calls without the token, and the page says so', async () => {
    const { server, context, workbench } = session;
    const response = await fetch(new URL(`${API_PREFIX}appInfo`, server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A new tab has no token in its session: the UI must show the API's refusal, not spin or go blank.
    const tokenless = await context.newPage();
    try {
      await tokenless.goto(new URL('/', server.url).href);
      const error = workbench.serviceErrorIn(tokenless);
      await error.waitFor();
      expect(await error.textContent()).toContain('token');
      await tokenless.screenshot({ path: workbench.screenshotPath('11-no-token-error') });
    } finally {
      await tokenless.close();
    }
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
