import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependenciesSample, fakeJaegerV1, type JaegerTrace } from '../../electron/core/sources/test-support/fake-jaeger.js';
import { startLoopback, type Loopback } from '../../electron/core/sources/test-support/loopback.js';
import { UPSTREAM } from '../temp-cache.js';
import { DependenciesPage } from './dependencies-page.js';
import { GraphPage, TEST_HOOKS_SCRIPT } from './graph-page.js';
import { SourcesPage } from './sources-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** The genai sample (57 spans from api-edge down, 2026-02-02 02:40 UTC), pulled as traces. */
const GENAI = JSON.parse(readFileSync(path.join(UPSTREAM, 'jaeger-v1-http', 'jaeger-ui__genaiTestTrace_generated_comment-key.json'), 'utf8')) as JaegerTrace;
const SAMPLE = dependenciesSample() as { parent: string; child: string; callCount: number }[];

/**
 * What jaeger-query answers for the day: the links Jaeger's dependency job derives from the genai trace (a child
 * span's service called by its parent span's), and jaeger-ui's sample links, from traces never pulled here.
 */
function jaegerDependencies(): { parent: string; child: string; callCount: number }[] {
  const trace = GENAI as JaegerTrace & { spans: { references?: { refType: string; spanID: string }[] }[] };
  const serviceOf = new Map(trace.spans.map((s) => [s.spanID, trace.processes[s.processID ?? '']?.serviceName ?? '']));
  const counts = new Map<string, number>();
  for (const span of trace.spans) {
    const parent = span.references?.find((r) => r.refType === 'CHILD_OF');
    const from = parent === undefined ? undefined : serviceOf.get(parent.spanID);
    const to = serviceOf.get(span.spanID)!;
    if (from === undefined || from === to) continue;
    counts.set(`${from}>${to}`, (counts.get(`${from}>${to}`) ?? 0) + 1);
  }
  const fromTrace = [...counts].map(([key, callCount]) => {
    const [parent, child] = key.split('>') as [string, string];
    return { parent, child, callCount };
  });
  return [...fromTrace, ...SAMPLE];
}

const DAY = { from: '2026-02-02 00:00', to: '2026-02-03 00:00' };

describe('pulled dependencies, from the Sources view to the service graph, against a loopback Jaeger', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let jaeger: Loopback;
  let deps: DependenciesPage;
  let graph: GraphPage;
  let sources: SourcesPage;
  const links = jaegerDependencies();

  beforeAll(async () => {
    jaeger = await startLoopback(fakeJaegerV1([GENAI], [], links));
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'dark' });
    await session.page.addInitScript(TEST_HOOKS_SCRIPT);
    deps = new DependenciesPage(session.page);
    graph = new GraphPage(session.page);
    sources = new SourcesPage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await jaeger?.close();
    await session?.close();
  });

  it('adds a Jaeger source, pulls api-edge traces and the day\'s dependencies', async () => {
    const { workbench, server } = session;
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'jaeger', name: 'prod-jaeger', url: jaeger.url });
    await sources.saveSource('prod-jaeger');
    await sources.searchSourceTraces({ service: 'api-edge', ...DAY });
    expect(await (await sources.finishedPull()).getAttribute('data-state')).toBe('done');

    await deps.pull(DAY);
    const answer = await deps.answer();
    expect(await answer.getAttribute('data-cached')).toBe('false');
    expect(await answer.getAttribute('data-edges')).toBe(String(links.length));
    expect(await answer.locator('[data-testid="dependencies-summary"]').textContent()).toBe(
      `${links.length} edges between ${new Set(links.flatMap((l) => [l.parent, l.child])).size} services`,
    );
    expect(await answer.locator('[data-testid="dependencies-window"]').textContent()).toBe('Window 2026-02-02 00:00:00.000 – 2026-02-03 00:00:00.000');
    // Busiest first: jaeger-ui's Service2 → Service4.
    expect(await deps.busiestRows().first().textContent()).toBe('Service2 → Service4 129,216 calls');
    // Asked in jaeger-query's units: endTs and lookback in ms.
    const asked = jaeger.requests.find((r) => r.path === '/api/dependencies')!;
    expect([asked.query.get('endTs'), asked.query.get('lookback')]).toEqual([String(Date.UTC(2026, 1, 3)), '86400000']);
    // The ledger's list counts what the pull brought: edges, not the 0 spans and 0 logs.
    const loaded = session.page.locator('[data-testid="load-history"] li', { hasText: 'prod-jaeger dependencies' });
    await expect.poll(() => loaded.locator('.muted').textContent()).toBe(`${links.length} dependency edges`);
    await workbench.screenshot('dependencies-01-pulled-dark');
  });

  it('opens the graph over that day: dependency-only edges and services drawn dotted beside the spans\' edges', async () => {
    await deps.openInGraph().click();
    await graph.waitForPaint();
    expect(await session.workbench.hash()).toContain('graph');
    const edges = await graph.edges();
    const onlyDeps = edges.filter((e) => e.classes.includes('deps-only')).map((e) => `${e.source}>${e.target}`);
    expect(onlyDeps.sort()).toEqual(SAMPLE.map((l) => `${l.parent}>${l.child}`).sort());
    // Every link derived from the pulled trace is drawn from its spans too: solid, not dotted.
    for (const link of links.slice(0, links.length - SAMPLE.length)) {
      expect(edges.find((e) => e.source === link.parent && e.target === link.child)?.classes).not.toContain('deps-only');
    }
    const nodes = await graph.nodes();
    expect(nodes.filter((n) => n.classes.includes('deps-only')).map((n) => n.name).sort()).toEqual(
      [...new Set(SAMPLE.flatMap((l) => [l.parent, l.child]))].sort(),
    );
    expect(nodes.find((n) => n.name === 'api-edge')?.classes).not.toContain('deps-only');
    await deps.legend().waitFor();

    // Hovering a dependency-only edge says where its count comes from.
    const mid = await session.page.evaluate<{ x: number; y: number }>(
      `window.__casefileGraph.edges().filter((e) => e.source().data('name') === 'Service2' && e.target().data('name') === 'Service4').first().renderedMidpoint()`,
    );
    const box = (await session.page.locator('[data-testid="graph-canvas"]').boundingBox())!;
    await session.page.mouse.move(box.x + mid.x, box.y + mid.y);
    await expect.poll(() => session.page.locator('[data-testid="tooltip-dependency"]').textContent()).toBe('from prod-jaeger dependencies: 129,216 calls');
    await session.workbench.screenshot('dependencies-02-graph-dark');
  });

  it('offers to pull the caller\'s traces through a dependency-only edge', async () => {
    await graph.clickEdge('Service2', 'Service4');
    expect(await graph.sideTitle().textContent()).toBe('Service2 → Service4');
    const panel = await deps.edgePanel();
    expect(await panel.getAttribute('data-origin')).toBe('dependencies');
    expect(await deps.figures().first().textContent()).toMatch(/^from prod-jaeger dependencies: 129,216 calls2026-02-02 00:00:00\.000 – 2026-02-03 00:00:00\.000$/);
    await deps.pullTracesButton('prod-jaeger').click();
    const status = await deps.finishedTracePull('prod-jaeger');
    expect(await status.getAttribute('data-state')).toBe('done');
    // Jaeger was asked for Service2's traces in the day the dependencies cover (µs).
    const search = jaeger.requests.filter((r) => r.path === '/api/traces').at(-1)!;
    expect([search.query.get('service'), search.query.get('start'), search.query.get('end'), search.query.get('limit')]).toEqual([
      'Service2',
      String(Date.UTC(2026, 1, 2) * 1000),
      String(Date.UTC(2026, 1, 3) * 1000),
      '20',
    ]);
    await session.workbench.screenshot('dependencies-03-edge-panel-dark');
    // Close up: dotted edges and dashed hollow services beside solid span edges.
    // `void`: zoom returns the cytoscape instance, which evaluate would try to serialise back.
    await session.page.evaluate(`void window.__casefileGraph.zoom({ level: 2.2, position: window.__casefileGraph.getElementById('n:Service1').position() })`);
    await session.page.mouse.move(0, 0);
    await session.workbench.screenshot('dependencies-04-graph-closeup-dark');
    const legend = (await session.page.locator('[data-testid="graph-legend"]').boundingBox())!;
    await session.page.screenshot({ path: session.workbench.screenshotPath('dependencies-05-legend-dark'), clip: legend });
    expect(session.browserErrors).toEqual([]);
  });

  it('shows a held-open dependencies pull in progress and cancels it', async () => {
    jaeger.fault = (req) => req.path === '/api/dependencies';
    await sources.openSources();
    await sources.openSource('prod-jaeger');
    await deps.pull({ from: '2026-02-01 00:00', to: '2026-02-02 00:00' });
    const running = deps.section().locator('[data-testid="pull-status"][data-state="running"]');
    await expect.poll(() => running.textContent()).toMatch(/Fetching from the source…/);
    await session.workbench.screenshot('dependencies-06-pull-running-dark');
    await deps.section().locator('[data-testid="pull-cancel"]').click();
    await deps.section().locator('[data-testid="pull-status"][data-state="cancelled"]').waitFor();
    expect(await session.core.db.prepare("SELECT count(*) AS n FROM dependency_pulls").get()).toEqual({ n: 1 });
    jaeger.fault = null;
    expect(session.browserErrors).toEqual([]);
  });
});
