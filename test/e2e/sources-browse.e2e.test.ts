import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeLoki, type LokiStream } from '../../electron/core/sources/test-support/fake-loki.js';
import { fakeSearchEngine } from '../../electron/core/sources/test-support/fake-search-engine.js';
import { fakeTempo, sampleTrace } from '../../electron/core/sources/test-support/fake-tempo.js';
import { fakeZipkin } from '../../electron/core/sources/test-support/fake-zipkin.js';
import { closedPortUrl, startLoopback, type Loopback } from '../../electron/core/sources/test-support/loopback.js';
import { UPSTREAM } from '../temp-cache.js';
import { SourcesPage } from './sources-page.js';
import { WaterfallPage } from './waterfall-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

const upstream = (dir: string, file: string) => JSON.parse(readFileSync(path.join(UPSTREAM, dir, file), 'utf8')) as unknown;
/** Kiali's Istio bookinfo trace from Tempo (2023-12-05 12:37:56 UTC), and Perses' tempo-distributor trace (2025). */
const BOOKINFO = sampleTrace(upstream('tempo', 'kiali__tempo-api-traces-response_batches-base64.json'));
const DISTRIBUTOR = sampleTrace(upstream('tempo', 'perses__tempo-v2-trace-body_pushbytes_otlp.json'));
/** Zipkin's Kafka messaging trace (servicea → serviceb, 2018-11-05 08:09:57 UTC) and Netflix's (2018-01-24). */
type ZipkinSpans = { traceId: string; id: string; timestamp?: number }[];
const KAFKA = upstream('zipkin-v2', 'zipkin-lens__messaging-kafka.json') as ZipkinSpans;
const NETFLIX = upstream('zipkin-v2', 'zipkin-lens__netflix.json') as ZipkinSpans;
/** The OTel collector's ECS-mode log documents (2024-03-12 20:00:41 and 2024-01-15 10:30 UTC). */
const ECS_DOCS = [upstream('elasticsearch', 'otel-contrib__esexporter_ecs-mode_log-doc.json'), upstream('elasticsearch', 'otel-contrib__esexporter_ecs-mode_log-doc_golden.json')] as Record<string, unknown>[];
const T = 1_701_779_876_000_000_000n;
const LOGS: LokiStream[] = [
  { labels: { service_name: 'productpage', level: 'error' }, entries: [{ ts: T, line: 'level=error msg="reviews timed out"' }] },
  { labels: { service_name: 'reviews', level: 'info' }, entries: [{ ts: T + 1_000_000n, line: 'level=info msg="ok"' }] },
];

describe('browsing tags into searches, and Tempo, Zipkin and Elasticsearch searches in the UI', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let sources: SourcesPage;
  let waterfall: WaterfallPage;
  const servers: Loopback[] = [];

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'dark' });
    sources = new SourcesPage(session.page);
    waterfall = new WaterfallPage(session.page);
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await session?.close();
  });

  /** Save & test: resolves on the saved source's page once its test has finished, which must end as `expected`. */
  async function addSource(kind: string, name: string, url: string, expected: 'ok' | 'failed' = 'ok'): Promise<void> {
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind, name, url });
    await sources.saveSource(name);
    expect((await sources.testResult()).status).toBe(expected);
  }

  it('browses Tempo tags and values into TraceQL, by mouse and by keyboard, finds the trace and opens it', async () => {
    const { workbench, page } = session;
    const tempo = await startLoopback(fakeTempo([BOOKINFO, DISTRIBUTOR]));
    servers.push(tempo);
    await addSource('tempo', 'loopback-tempo', tempo.url);
    await sources.searchBetween(sources.traceForm(), '2023-12-05 12:00', '2023-12-05 13:00');
    await sources.openBrowser();
    // Grouped by scope, for the search's window: the 2025 distributor trace's rpc.* attributes are not offered.
    expect(await sources.waitForTags()).toEqual(['resource', 'span', 'intrinsic']);
    expect(await sources.optionTexts(sources.tagList(), 'resource')).toEqual(['service.name']);
    expect(await sources.optionTexts(sources.tagList(), 'span')).toContain('http.status_code');
    expect(await sources.optionTexts(sources.tagList())).not.toContain('rpc.method');
    const tagsAsked = tempo.requests.find((r) => r.path === '/api/v2/search/tags')!;
    expect([tagsAsked.query.get('start'), tagsAsked.query.get('end')]).toEqual(['1701777600', '1701781200']);

    await sources.pick('resource', 'service.name', 'productpage.bookinfo');
    expect(await sources.fragment().textContent()).toBe('resource.service.name = "productpage.bookinfo"');
    await workbench.screenshot('sources-browse-01-tempo-tag-picked-dark');
    await sources.addButton('traceql').click();
    expect(await sources.traceql().inputValue()).toBe('{ resource.service.name = "productpage.bookinfo" }');

    // Keyboard only: type to filter, ↓ into the list, Enter to its values, ↓ to the first, Enter adds it.
    await sources.tagFilter().fill('status_code');
    await sources.tagFilter().press('ArrowDown');
    await sources.tagList().press('Enter');
    await sources.waitForValues();
    await page.keyboard.press('ArrowDown');
    await sources.valueList().press('Enter');
    // Istio writes the status code as a string attribute, so it is quoted; the condition joins the filter.
    const traceql = '{ resource.service.name = "productpage.bookinfo" && span.http.status_code = "200" }';
    await expect.poll(() => sources.traceql().inputValue()).toBe(traceql);
    expect(await sources.added().textContent()).toBe('Added span.http.status_code = "200" (TraceQL)');
    // Intrinsics are TraceQL only; an attribute can go to Tags as a logfmt pair.
    await sources.tagFilter().fill('');
    await sources.pick('intrinsic', 'status', 'error');
    expect(await sources.addButton('tags').isDisabled()).toBe(true);
    expect(await sources.fragment().textContent()).toBe('status = error');
    await workbench.screenshot('sources-browse-02-tempo-traceql-built-dark');

    await sources.run(sources.traceForm());
    expect(await (await sources.finishedPull()).getAttribute('data-state')).toBe('done');
    await expect.poll(() => sources.sourceTraceRows().count()).toBe(1);
    expect(await sources.sourceTraceRows().first().getAttribute('data-trace-id')).toBe(BOOKINFO.id);
    expect(tempo.requests.find((r) => r.path === '/api/search')?.query.get('q')).toBe(traceql);
    await sources.sourceTraceRows().first().click();
    await waterfall.waitForTraceView(BOOKINFO.id);
    expect(await page.locator('[data-testid="span-row"]').count()).toBe(8);
    await workbench.screenshot('sources-browse-03-tempo-trace-waterfall');
  });

  it('adds a picked attribute to Tags as logfmt, and a source that cannot be reached says so inside the browser', async () => {
    const { workbench } = session;
    await workbench.historyBack().click();
    await workbench.waitForView('sources');
    await sources.searchBetween(sources.traceForm(), '2023-12-05 12:00', '2023-12-05 13:00');
    await sources.openBrowser();
    await sources.waitForTags();
    await sources.pick('span', 'upstream_cluster', 'outbound|9080||reviews.bookinfo.svc.cluster.local');
    await sources.addButton('tags').click();
    expect(await sources.tagsField().inputValue()).toBe('upstream_cluster=outbound|9080||reviews.bookinfo.svc.cluster.local');

    // Save & test fails for a closed port, but the source is saved: its page and search form are there.
    const errorsBefore = session.browserErrors.length;
    await addSource('tempo', 'offline-tempo', await closedPortUrl(), 'failed');
    await sources.openBrowser();
    await sources.browseError().waitFor();
    expect(await sources.browseError().textContent()).toMatch(/^The tags could not be listed: .*offline-tempo.*GET \/api\/v2\/search\/tags.*connection refused/);
    // The form still works: TraceQL can be typed and the search run.
    await sources.traceql().fill('{ status = error }');
    expect(await sources.traceForm().locator('[data-testid="search-run"]').isEnabled()).toBe(true);
    await workbench.screenshot('sources-browse-04-tempo-offline-dark');
    // Browser mode answers a failed call with HTTP 500, which Chromium logs: the services and the tags asked of the
    // offline source, and nothing else (no exception in the page).
    const logged = session.browserErrors.splice(errorsBefore);
    expect(logged).toEqual(Array(2).fill('Failed to load resource: the server responded with a status of 500 (Internal Server Error)'));
  });

  it('browses Loki labels into the stream selector and finds the lines', async () => {
    const { workbench } = session;
    const loki = await startLoopback(fakeLoki(LOGS));
    servers.push(loki);
    await addSource('loki', 'loopback-loki', loki.url);
    await sources.logQuery().fill('{level="error"} |= "timed out"');
    await sources.searchBetween(sources.logForm(), '2023-12-05 12:00', '2023-12-05 13:00');
    await sources.openBrowser();
    await sources.waitForTags();
    expect(await sources.optionTexts(sources.tagList())).toEqual(['level', 'service_name']);
    await sources.pick('', 'service_name', 'productpage');
    await sources.addButton('logql').click();
    expect(await sources.logQuery().inputValue()).toBe('{level="error", service_name="productpage"} |= "timed out"');
    // The browse asked for the search's window in ns (Test connection asked before, without one).
    const labelsAsked = loki.requests.filter((r) => r.path === '/loki/api/v1/labels').at(-1)!;
    expect([labelsAsked.query.get('start'), labelsAsked.query.get('end')]).toEqual(['1701777600000000000', '1701781200000000000']);
    await workbench.screenshot('sources-browse-05-loki-labels-dark');
    await workbench.setTheme('light');
    await workbench.screenshot('sources-browse-05-loki-labels-light');
    await workbench.setTheme('dark');
    await sources.run(sources.logForm());
    expect(await (await sources.finishedPull()).getAttribute('data-state')).toBe('done');
    await expect.poll(() => sources.sourceLogRows().count()).toBe(1);
  });

  it('searches a Zipkin source by service and opens the trace', async () => {
    const { workbench, page } = session;
    const zipkin = await startLoopback(fakeZipkin([KAFKA, NETFLIX] as never));
    servers.push(zipkin);
    await addSource('zipkin', 'loopback-zipkin', zipkin.url);
    // No tag browser for Zipkin: only Tempo and Loki are browsed.
    expect(await sources.browser().count()).toBe(0);
    await sources.searchSourceTraces({ service: 'servicea', from: '2018-11-05 08:00', to: '2018-11-05 09:00' });
    expect(await (await sources.finishedPull()).getAttribute('data-state')).toBe('done');
    const kafkaId = KAFKA[0]!.traceId.padStart(32, '0');
    await expect.poll(() => sources.sourceTraceRows().count()).toBe(1);
    expect(await sources.sourceTraceRows().first().getAttribute('data-trace-id')).toBe(kafkaId);
    // zipkin-server's units: endTs and lookback in ms.
    const asked = zipkin.requests.find((r) => r.path === '/api/v2/traces')!;
    expect([asked.query.get('serviceName'), asked.query.get('endTs'), asked.query.get('lookback')]).toEqual(['servicea', '1541408400000', '3600000']);
    await workbench.screenshot('sources-browse-06-zipkin-results-dark');
    await sources.sourceTraceRows().first().click();
    await waterfall.waitForTraceView(kafkaId);
    expect(await page.locator('[data-testid="span-row"]').count()).toBe(KAFKA.length);
    await workbench.screenshot('sources-browse-07-zipkin-trace-waterfall');
  });

  it('searches an Elasticsearch source with a query string and lists the log rows', async () => {
    const { workbench } = session;
    await workbench.historyBack().click();
    await workbench.waitForView('sources');
    const seen: Record<string, unknown>[] = [];
    const es = await startLoopback(fakeSearchEngine({ distribution: 'elasticsearch', indices: { 'logs-ecs': ECS_DOCS }, seen }));
    servers.push(es);
    await addSource('elasticsearch', 'loopback-es', es.url);
    expect(await sources.browser().count()).toBe(0);
    await sources.searchSourceLogs({ query: 'service.name:my-service', from: '2024-03-12 20:00', to: '2024-03-12 21:00' });
    expect(await (await sources.finishedPull()).getAttribute('data-state')).toBe('done');
    await expect.poll(() => sources.sourceLogRows().count()).toBe(1);
    const row = sources.sourceLogRows().first();
    expect(await row.textContent()).toContain('User authentication failed');
    expect(await row.getAttribute('data-severity')).toBe('error');
    // Test connection's match_all came first; the search sent the query string as typed.
    expect(JSON.stringify(seen.at(-1))).toContain('"query":"service.name:my-service"');
    await workbench.screenshot('sources-browse-08-elasticsearch-logs-dark');
  });

  it('raised no error in the page along the way', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
