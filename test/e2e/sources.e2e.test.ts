import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeJaegerV1, type JaegerTrace } from '../../electron/core/sources/test-support/fake-jaeger.js';
import { fakeLoki, type LokiStream } from '../../electron/core/sources/test-support/fake-loki.js';
import { startLoopback, type Loopback } from '../../electron/core/sources/test-support/loopback.js';
import { UPSTREAM } from '../temp-cache.js';
import { writeTraceFile } from '../trace-files.js';
import { SourcesPage } from './sources-page.js';
import { WaterfallPage } from './waterfall-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** Upstream Jaeger v1 samples the loopback Jaeger serves, as jaeger-query would. */
const SAMPLES = ['jaeger-ui__genaiTestTrace_generated_comment-key.json', 'jaeger-ui__stats_spanLongerAsParent.json', 'jaeger-ui__issue115_follows-from_envelope.json'];
/** The genai sample: 57 spans, root service api-edge, starting 2026-02-02 02:40 UTC. */
const GENAI_TRACE = '4a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** Log lines of the genai trace's edge service, one naming the trace the way logfmt loggers do. */
const API_EDGE_LOGS: LokiStream[] = [
  {
    labels: { service_name: 'api-edge', level: 'error' },
    entries: [{ ts: 1_770_000_005_000_000_000n, line: `level=error msg="upstream timeout calling graphql-gateway" traceID=${GENAI_TRACE}` }],
  },
  { labels: { service_name: 'api-edge', level: 'info' }, entries: [{ ts: 1_770_000_001_000_000_000n, line: 'level=info msg="request accepted"' }] },
  { labels: { service_name: 'checkout', level: 'info' }, entries: [{ ts: 1_770_000_002_000_000_000n, line: 'level=info msg="not this service"' }] },
];

function sampleTraces(): JaegerTrace[] {
  return SAMPLES.flatMap((file) => {
    const json = JSON.parse(readFileSync(path.join(UPSTREAM, 'jaeger-v1-http', file), 'utf8')) as { data?: JaegerTrace[] } & Partial<JaegerTrace>;
    return json.data ?? [json as JaegerTrace];
  });
}

describe('live sources in the UI, against a loopback Jaeger serving the upstream samples', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let sources: SourcesPage;
  let waterfall: WaterfallPage;
  let jaeger: Loopback;

  beforeAll(async () => {
    jaeger = await startLoopback(fakeJaegerV1(sampleTraces()));
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'dark' });
    sources = new SourcesPage(session.page);
    waterfall = new WaterfallPage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await jaeger?.close();
    await session?.close();
  });

  it('names the invalid fields of a new source', async () => {
    const { workbench, server } = session;
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    await sources.openSources();
    // No sources yet: the form is the first thing shown.
    await sources.startAddingSource();
    // Empty fields show hints, not values that look filled in: "e.g. …", faint and italic.
    await sources.fillSource({ kind: 'jaeger' });
    for (const field of ['source-name', 'source-url']) {
      const input = sources.sourceField(field);
      expect(await input.getAttribute('placeholder'), field).toMatch(/^e\.g\. /);
      expect(await input.evaluate((element) => getComputedStyle(element, '::placeholder').fontStyle), field).toBe('italic');
    }
    await workbench.screenshot('sources-00-empty-form-hints');
    await sources.fillSource({ kind: 'jaeger', name: 'has space', url: 'localhost:16686', timeoutSeconds: 'soon' });
    await sources.clickSave();
    await expect.poll(() => sources.fieldErrors().allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Name: use 1-64 letters/), expect.stringMatching(/^URL: expected http\(s\):\/\//), expect.stringMatching(/^Timeout \(seconds\): /)]),
    );
    await workbench.screenshot('sources-01-form-errors-dark');
  });

  it('adds a Jaeger source and tests it, stage by stage', async () => {
    const { workbench } = session;
    await sources.fillSource({ kind: 'jaeger', name: 'loopback-jaeger', url: jaeger.url, timeoutSeconds: '5' });
    expect(await sources.fieldErrors().count()).toBe(0);
    await sources.saveSource('loopback-jaeger');
    const test = await sources.testResult();
    expect(test.status).toBe('ok');
    const byStage = Object.fromEntries(test.stages.map((s) => [s.stage, s]));
    expect(byStage.config?.state).toBe('ok');
    expect(byStage.dns?.detail).toBe('127.0.0.1 is an IP address');
    expect(byStage.connect?.detail).toBe(`TCP connection to 127.0.0.1:${jaeger.port}`);
    expect(byStage.tls).toMatchObject({ state: 'skipped', detail: 'plain http://: no TLS' });
    expect(byStage.auth).toMatchObject({ state: 'ok', detail: 'no credentials needed' });
    // The fake serves the services of the three samples.
    expect(byStage.api?.detail).toMatch(/^Jaeger query API v1: \d+ services$/);
    await workbench.screenshot('sources-02-tested-dark');
  });

  it('searches the source and opens a trace in the waterfall', async () => {
    const { workbench, page } = session;
    await sources.searchSourceTraces({ service: 'api-edge', from: '2026-02-02 00:00', to: '2026-02-03 00:00' });
    const status = await sources.finishedPull();
    expect(await status.getAttribute('data-state')).toBe('done');
    expect(await status.getAttribute('data-cached')).toBe('false');
    await expect.poll(() => sources.sourceTraceRows().count()).toBe(1);
    expect(await sources.sourceTraceRows().first().getAttribute('data-trace-id')).toBe(GENAI_TRACE);
    // The connector asked jaeger-query in its own units: µs window, the service, the default limit.
    const search = jaeger.requests.find((r) => r.path === '/api/traces');
    expect(search?.query.get('service')).toBe('api-edge');
    expect(search?.query.get('start')).toBe('1769990400000000');
    expect(search?.query.get('end')).toBe('1770076800000000');
    await workbench.screenshot('sources-03-search-results-dark');

    await sources.sourceTraceRows().first().click();
    await waterfall.waitForTraceView(GENAI_TRACE);
    expect(await page.locator('[data-testid="span-row"]').count()).toBeGreaterThan(1);
    await workbench.screenshot('sources-04-pulled-trace-waterfall');
  });

  it('answers the same question from the cache, with its time, once the source is gone', async () => {
    const { workbench } = session;
    await workbench.historyBack().click();
    await workbench.waitForView('sources');
    await jaeger.close();
    const requestsBefore = jaeger.requests.length;

    await sources.searchSourceTraces({ service: 'api-edge', from: '2026-02-02 00:00', to: '2026-02-03 00:00' });
    const status = await sources.finishedPull();
    expect(await status.getAttribute('data-cached')).toBe('true');
    expect(await sources.cachedAt().textContent()).toMatch(/^Cached at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect.poll(() => sources.sourceTraceRows().count()).toBe(1);
    expect(jaeger.requests.length).toBe(requestsBefore);
    await workbench.screenshot('sources-05-cached-answer-dark');

    // Refresh asks the source again: it is down, so the error says so and the cached answer stays.
    await sources.pullRefresh().click();
    await session.page.locator('[data-testid="pull-status"][data-state="failed"]').waitFor();
    expect(await session.page.locator('[data-testid="pull-error"]').textContent()).toMatch(/connection refused/);
    expect(await sources.cachedAt().textContent()).toMatch(/^Showing the answer cached at /);
    expect(await sources.sourceTraceRows().count()).toBe(1);
    await workbench.screenshot('sources-06-refresh-offline-dark');
  });

  it('reports a wrong base path as a 404 at the API step', async () => {
    const { workbench, page } = session;
    jaeger = await startLoopback(fakeJaegerV1(sampleTraces()));
    await sources.openSources();
    await expect.poll(() => sources.sourceRow('loopback-jaeger').locator('[data-testid="source-last-test"]').getAttribute('data-ok')).toBe('true');
    expect(await sources.sourceRow('loopback-jaeger').locator('[data-testid="source-last-pull"]').textContent()).toMatch(/ago|just now/);
    await workbench.screenshot('sources-07-list-dark');

    await sources.startAddingSource();
    await sources.fillSource({ kind: 'jaeger', name: 'wrong-path', url: `${jaeger.url}/jaeger/ui` });
    await sources.testDraftSource();
    const test = await sources.testResult();
    expect(test.status).toBe('failed');
    const api = test.stages.find((s) => s.stage === 'api');
    expect(api?.state).toBe('failed');
    expect(api?.detail).toMatch(/404 Not Found: nothing at this path; is the base URL right/);
    expect(test.headline).toBe('Not found (404): wrong base path?');
    expect(test.stages.find((s) => s.stage === 'connect')?.state).toBe('ok');
    await workbench.screenshot('sources-08-wrong-path-dark');

    // Nothing was saved by testing.
    await page.locator('[data-testid="source-cancel"]').click();
    expect(await sources.sourceRow('wrong-path').count()).toBe(0);
  });

  it('shows a slow pull in progress and cancels it, caching nothing', async () => {
    const { workbench, page } = session;
    // The search request is held open: the pull stays in "fetching" until cancelled.
    jaeger.fault = (req) => req.path === '/api/traces';
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'jaeger', name: 'slow-jaeger', url: jaeger.url });
    await sources.saveSource('slow-jaeger');
    await sources.searchSourceTraces({ service: 'api-edge', from: '2026-02-02 00:00', to: '2026-02-03 00:00' });
    await sources.pullStatus('running').waitFor();
    // "Starting…" until the first request goes out (the status is polled): wait for the fetch, not a moment.
    await expect.poll(async () => (await sources.pullStatus('running').textContent()) ?? '').toMatch(/Fetching from the source…/);
    await workbench.screenshot('sources-09-pull-running-dark');
    await sources.pullCancel().click();
    await sources.pullStatus('cancelled').waitFor();
    expect(await page.locator('[data-testid="pull-error"]').textContent()).toBe('Cancelled: nothing from this pull was cached.');
    expect(await sources.sourceTraceRows().count()).toBe(0);
    jaeger.fault = null;
  });

  it('adds a Loki source, finds logs with LogQL and opens the trace a log names', async () => {
    const { workbench } = session;
    const loki = await startLoopback(fakeLoki(API_EDGE_LOGS));
    try {
      await sources.openSources();
      await sources.startAddingSource();
      await sources.fillSource({ kind: 'loki', name: 'loopback-loki', url: loki.url });
      await sources.saveSource('loopback-loki');
      const test = await sources.testResult();
      expect(test.status).toBe('ok');
      expect(test.stages.find((s) => s.stage === 'api')?.detail).toBe('Grafana Loki: 2 labels');

      await sources.searchSourceLogs({ query: '{service_name="api-edge"}', from: '2026-02-02 00:00', to: '2026-02-03 00:00' });
      expect(await (await sources.finishedPull()).getAttribute('data-state')).toBe('done');
      await expect.poll(() => sources.sourceLogRows().count()).toBe(2);
      // Newest first; the error line's trace id was read by the default derived fields (traceID=… in the line).
      const errorRow = sources.sourceLogRows().first();
      expect(await errorRow.getAttribute('data-severity')).toBe('error');
      await workbench.screenshot('sources-10-loki-logs-dark');
      await sources.sourceLogTraceLink(errorRow).click();
      await waterfall.waitForTraceView(GENAI_TRACE);
    } finally {
      await loki.close();
    }
  });

  it("opens a big trace a log names while the pull still downloads and writes it, then the whole trace", async () => {
    const { workbench, page, dataDir } = session;
    // 400k spans (~190 MB of Jaeger JSON), processes first as jaeger-query may send them: seconds of writing.
    const file = path.join(dataDir, 'big-pulled-trace.json');
    const bigId = writeTraceFile(file, 400_000, 'jaeger', { processesFirst: true, traceId: 'b16b16b16b16b16b16b16b16b16b16b1' }).traceId;
    const body = readFileSync(file);
    const big = (JSON.parse(body.toString('utf8')) as { data: JaegerTrace[] }).data[0]!;
    const jaegerApi = fakeJaegerV1([big]);
    // The trace's answer comes in two parts, the second only once the test has seen the trace: it must show while
    // the rest of its body is still to come.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const bigJaeger = await startLoopback(async (req, res) => {
      if (req.path !== `/api/traces/${bigId}`) return jaegerApi(req, res);
      const cut = Math.floor(body.length / 3);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.write(body.subarray(0, cut));
      await held;
      res.end(body.subarray(cut));
    });
    const loki = await startLoopback(
      fakeLoki([{ labels: { service_name: 'checkout', level: 'error' }, entries: [{ ts: 1_763_600_000_500_000_000n, line: `level=error msg="slow checkout" traceID=${bigId}` }] }]),
    );
    try {
      for (const [kind, name, url] of [['jaeger', 'big-jaeger', bigJaeger.url], ['loki', 'big-loki', loki.url]] as const) {
        await sources.openSources();
        await sources.startAddingSource();
        await sources.fillSource({ kind, name, url });
        await sources.saveSource(name);
      }
      await sources.searchSourceLogs({ query: '{service_name="checkout"}', from: '2025-11-20 00:00', to: '2025-11-21 00:00' });
      await expect.poll(() => sources.sourceLogRows().count()).toBe(1);
      await sources.sourceLogTraceLink(sources.sourceLogRows().first()).click();
      // The trace opens while its answer is written: its first rows come from the pull's own uncommitted rows.
      const arriving = page.locator('[data-testid="trace-arriving"]');
      await arriving.waitFor({ timeout: 60_000 });
      await waterfall.waitForTraceView(bigId);
      expect(await arriving.textContent()).toMatch(/^Pulling: [\d,]+ spans of this trace so far/);
      expect(session.core.db.prepare('SELECT count(*) FROM spans WHERE trace_id = ?').pluck().get(bigId)).toBe(0);
      await workbench.spanRowsOf('frontend').first().waitFor();
      await workbench.screenshot('sources-10b-big-trace-pulling');
      // Two thirds of the body are still held by the server: what shows was written from the first third.
      expect(Number((await arriving.textContent())!.match(/^Pulling: ([\d,]+)/)![1]!.replace(/,/g, ''))).toBeLessThan(400_000);
      release();
      await arriving.waitFor({ state: 'detached', timeout: 60_000 });
      await expect.poll(() => page.locator('[data-testid="trace-span-count"]').textContent(), { timeout: 30_000 }).toBe('400,000');
    } finally {
      release();
      await loki.close();
      await bigJaeger.close();
    }
  }, 180_000);

  it('shows the skip-verify warning and the kind options in both themes', async () => {
    const { workbench, page } = session;
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'loki', name: 'prod-loki', url: 'https://loki.internal:3100' });
    await sources.sourceField('source-auth-type').selectOption('basic');
    await sources.sourceField('source-tls-skip-verify').check();
    await sources.clickSave();
    // Basic auth without a user or password: each is named, with a plain message.
    await expect.poll(() => sources.fieldErrors().allTextContents()).toEqual(['User: required', 'Password: enter the password']);
    await sources.sourceField('source-auth-username').fill('ops');
    await sources.sourceField('source-secrets-password').fill('not-a-real-password');
    await expect.poll(() => sources.fieldErrors().count()).toBe(0);
    expect(await page.locator('[data-testid="skip-verify-warning"]').textContent()).toMatch(/TLS certificate verification is OFF/);
    // The defaults of the derived fields are shown, not hidden behind "default".
    expect(await page.locator('[data-testid="derived-field"]').count()).toBeGreaterThan(10);
    await workbench.screenshot('sources-11-loki-form-dark');
    await workbench.setTheme('light');
    await workbench.screenshot('sources-12-loki-form-light');
    await sources.fillSource({ kind: 'elasticsearch' });
    expect(await sources.sourceField('source-options-fields-traceId').inputValue()).toBe('trace.id');
    await sources.sourceField('source-options').scrollIntoViewIfNeeded();
    await workbench.screenshot('sources-13-elasticsearch-form-light');
    await workbench.setTheme('dark');
  });

  it('raised no error in the page along the way', () => {
    // An effect returning scrollIntoView's promise once crashed the whole page on leaving the view.
    expect(session.browserErrors).toEqual([]);
  });
});
