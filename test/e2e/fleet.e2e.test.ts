import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePrometheus } from '../../electron/core/fleet/test-support/fake-prometheus.js';
import { fakeTempoMetrics } from '../../electron/core/fleet/test-support/fake-tempo-metrics.js';
import { generateFleet } from '../../electron/core/fleet/test-support/fleet-model.js';
import { modelTraces } from '../../electron/core/fleet/test-support/model-traces.js';
import { fakeJaegerV1 } from '../../electron/core/sources/test-support/fake-jaeger.js';
import { startLoopback, type Loopback } from '../../electron/core/sources/test-support/loopback.js';
import { GraphPage, TEST_HOOKS_SCRIPT } from './graph-page.js';
import { SourcesPage } from './sources-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** 2026-02-02 00:00 UTC: the generated fleet's first bucket; 60 one-minute buckets. */
const START = Date.UTC(2026, 1, 2) / 1000;
const WINDOW = { from: '2026-02-02 00:00', to: '2026-02-02 01:00' };
const model = generateFleet({ services: 300, buckets: 60, seed: 17, fault: { kind: 'latency', place: 'middle' } });
const culprit = model.fault!.service;

describe('fleet triage in the UI, against a loopback Prometheus and Jaeger serving a generated fleet', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let sources: SourcesPage;
  let graph: GraphPage;
  let prom: Loopback;
  let jaeger: Loopback;
  let tempo: Loopback;

  beforeAll(async () => {
    prom = await startLoopback(fakePrometheus({ model, startSeconds: START, stepSeconds: 60 }));
    jaeger = await startLoopback(fakeJaegerV1(modelTraces(model, { startSeconds: START, stepSeconds: 60 })));
    tempo = await startLoopback(fakeTempoMetrics(model, START, 60));
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'light' });
    await session.page.addInitScript(TEST_HOOKS_SCRIPT);
    sources = new SourcesPage(session.page);
    graph = new GraphPage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.close();
    await jaeger?.close();
    await tempo?.close();
    await session?.close();
  });

  it('adds a Prometheus source with its span-metrics preset, and a Jaeger source for exemplars', async () => {
    const { workbench, server, page } = session;
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'jaeger', name: 'traces', url: jaeger.url });
    await sources.saveSource('traces');
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'prometheus', name: 'prom', url: prom.url });
    // The preset names the metrics; overrides show the preset's names as hints.
    await expect.poll(() => sources.sourceField('source-options-callsMetric').getAttribute('placeholder')).toBe('default: traces_span_metrics_calls_total');
    await sources.sourceField('source-options-spanMetrics').selectOption('tempo');
    await expect.poll(() => sources.sourceField('source-options-callsMetric').getAttribute('placeholder')).toBe('default: traces_spanmetrics_calls_total');
    await sources.sourceField('source-options-spanMetrics').selectOption('otel-collector');
    await workbench.screenshot('fleet-01-prometheus-form');
    await sources.saveSource('prom');
    // Save & test checked that the span metrics are there.
    const test = await sources.testResult();
    expect(test.stages.at(-1)).toMatchObject({ stage: 'api', detail: expect.stringContaining('Prometheus API: span metrics traces_span_metrics_calls_total') });
    await page.locator('[data-testid="fleet-pull"]').waitFor();
  });

  it('asks the fleet over an hour and ranks the service where the change began, from aggregates only', async () => {
    const { page, workbench } = session;
    const section = page.locator('[data-testid="fleet-pull"]');
    await section.locator('[data-testid="search-time"]').selectOption('between');
    await section.locator('[data-testid="search-time-from"]').fill(WINDOW.from);
    await section.locator('[data-testid="search-time-to"]').fill(WINDOW.to);
    const asked = Date.now();
    await section.locator('[data-testid="fleet-run"]').click();
    const first = section.locator('[data-testid="fleet-suspect"]').first();
    await first.waitFor();
    process.stdout.write(`fleet e2e: 300 services asked → ranked suspects on screen in ${Date.now() - asked} ms\n`);
    expect(await first.getAttribute('data-service')).toBe(culprit);
    expect(await first.getAttribute('data-basis')).toBe('aggregates');
    expect(await first.locator('[data-testid="fleet-statement"]').textContent()).toMatch(new RegExp(`^${culprit}: p95 .* → .*`));
    expect(await section.locator('[data-testid="fleet-summary"]').textContent()).toMatch(/^300 services · [\d,]+ calls · \d+ changed · [\d,]+ requests counted$/);
    expect(await section.locator('[data-testid="fleet-window"]').textContent()).toBe('Window 2026-02-02 00:00:00.000 – 2026-02-02 01:00:00.000 · 60 buckets · from aggregates, no spans pulled');
    // The top suspect's own series from the answer: latency percentiles, requests and errors, the onset marked.
    await first.locator('[data-testid="fleet-chart-latency"] canvas').first().waitFor();
    await first.locator('[data-testid="fleet-chart-traffic"] canvas').first().waitFor();
    await workbench.screenshot('fleet-02-suspects');
  });

  it('pulls the suspect\'s exemplar traces from Jaeger, and the suspect then rests on both', async () => {
    const { page, workbench } = session;
    const first = page.locator('[data-testid="fleet-suspect"]').first();
    await first.locator('[data-testid="fleet-pull-exemplars"]').click();
    const exemplars = first.locator('[data-testid="fleet-exemplars"]');
    await exemplars.waitFor({ timeout: 60_000 });
    expect(Number(await exemplars.getAttribute('data-traces'))).toBeGreaterThan(20);
    expect(await exemplars.locator('[data-testid="fleet-exemplar-count"][data-label="slowest"]').textContent()).toBe('slowest: 20 traces');
    await expect.poll(() => page.locator('[data-testid="fleet-suspect"]').first().getAttribute('data-basis'), { timeout: 60_000 }).toBe('both');
    await workbench.screenshot('fleet-03-exemplars');
    await first.locator('[data-testid="fleet-open-traces"]').click();
    await expect.poll(() => workbench.hash()).toContain('traces');
    await page.locator('[data-testid="trace-row"]').first().waitFor();
    await workbench.screenshot('fleet-04-exemplar-traces');
  });

  it('draws the whole fleet in the graph over the answer\'s window, its calls marked as the source\'s', async () => {
    const { page, workbench } = session;
    await sources.openSources();
    await sources.openSource('prom');
    const section = page.locator('[data-testid="fleet-pull"]');
    await section.locator('[data-testid="search-time"]').selectOption('between');
    await section.locator('[data-testid="search-time-from"]').fill(WINDOW.from);
    await section.locator('[data-testid="search-time-to"]').fill(WINDOW.to);
    await section.locator('[data-testid="fleet-run"]').click();
    // Asked again: answered from the cache.
    await expect.poll(() => section.locator('[data-testid="fleet-answer"]').getAttribute('data-cached')).toBe('true');
    await section.locator('[data-testid="fleet-open-graph"]').click();
    await graph.waitForPaint();
    const nodes = await graph.nodes();
    expect(nodes.length).toBeGreaterThanOrEqual(290);
    expect(nodes.some((n) => n.name === culprit)).toBe(true);
    // Services without cached spans are coloured by the backend's figures and dashed; the culprit (its exemplars are
    // cached now) is drawn from its spans, and ringed as the fleet's suspect #1.
    expect(nodes.filter((n) => n.classes.includes('fleet')).length).toBeGreaterThan(280);
    await expect.poll(async () => (await graph.nodes()).find((n) => n.name === culprit)?.classes, { timeout: 30_000 }).toContain('suspect');
    await page.locator('[data-testid="legend-fleet"]').waitFor();
    expect(await page.locator('[data-testid="legend-fleet"]').textContent()).toBe(' figures from prom aggregates');
    const edges = await graph.edges();
    expect(edges.filter((e) => e.classes.includes('deps-only')).length).toBeGreaterThan(model.calls.length - 10);
    await workbench.screenshot('fleet-05-graph');
  });

  it("charts a service only the fleet answer knows from the backend's aggregates, marked as such", async () => {
    const { page, workbench } = session;
    const fleetOnly = model.names.find((n) => n !== culprit && n.startsWith('data'))!;
    await page.evaluate(`location.hash = ${JSON.stringify(`#/charts?service=${fleetOnly}&from=${START}000000000&to=${START + 3600}000000000`)}`);
    await page.locator(`[data-testid="charts-view"][data-service="${fleetOnly}"]`).waitFor();
    const block = page.locator('[data-testid="fleet-charts-block"]');
    await block.locator('[data-testid="fleet-chart-latency"] canvas').first().waitFor();
    await block.locator('[data-testid="fleet-chart-traffic"] canvas').first().waitFor();
    expect(await block.locator('.fleet-charts-caption').textContent()).toContain(`Fleet aggregates of ${fleetOnly}`);
    await workbench.screenshot('fleet-05b-charts');
    // A service with cached spans (the culprit's exemplars) has both: its spans' charts, and the backend's below.
    await page.evaluate(`location.hash = ${JSON.stringify(`#/charts?service=${culprit}&from=${START}000000000&to=${START + 3600}000000000`)}`);
    await page.locator(`[data-testid="charts-view"][data-status="success"][data-service="${culprit}"]`).waitFor();
    await page.locator('[data-testid="latency-canvas"] canvas').first().waitFor();
    await block.locator('[data-testid="fleet-chart-latency"] canvas').first().waitFor();
    expect(await block.isVisible()).toBe(true);
    await workbench.screenshot('fleet-05c-charts-with-spans');
  });

  it("asks a Tempo source's TraceQL metrics the same question; the calls of the cached exemplars tell its culprit from the callers", async () => {
    const { page, workbench } = session;
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'tempo', name: 'tempo', url: tempo.url });
    await sources.saveSource('tempo');
    const section = page.locator('[data-testid="fleet-pull"]');
    await section.waitFor();
    await section.locator('[data-testid="search-time"]').selectOption('between');
    await section.locator('[data-testid="search-time-from"]').fill(WINDOW.from);
    await section.locator('[data-testid="search-time-to"]').fill(WINDOW.to);
    await section.locator('[data-testid="fleet-run"]').click();
    const first = section.locator('[data-testid="fleet-suspect"]').first();
    await first.waitFor({ timeout: 60_000 });
    expect(await first.getAttribute('data-service')).toBe(culprit);
    // TraceQL metrics have no edges; the Jaeger exemplars pulled above gave the calls, so no note says otherwise.
    expect(await section.locator('[data-testid="fleet-no-calls"]').count()).toBe(0);
    expect(await section.locator('[data-testid="fleet-summary"]').textContent()).toMatch(/^300 services · [1-9]\d* calls known from cached traces and dependencies · \d+ changed · [\d,]+ requests counted$/);
    await workbench.screenshot('fleet-06-tempo');
  });
});
