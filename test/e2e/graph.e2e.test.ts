import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../temp-cache.js';
import { GraphPage, TEST_HOOKS_SCRIPT, type DrawnNode } from './graph-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** The demo incident's graph (fixtures/demo), as shared/service-graph.ts must draw it. */
const NODES: Record<string, string> = {
  frontend: 'service',
  ads: 'service',
  discounts: 'service',
  cart: 'service',
  checkout: 'service',
  payment: 'service',
  'email-worker': 'service',
  shop: 'database',
  redis: 'database',
  orders: 'messaging',
  sendgrid: 'external',
};
const EDGES = [
  'frontend>ads>sync',
  'frontend>discounts>sync',
  'frontend>cart>sync',
  'frontend>checkout>sync',
  'checkout>cart>sync',
  'checkout>discounts>sync',
  'checkout>payment>sync',
  'checkout>orders>async',
  'orders>email-worker>async',
  'email-worker>payment>sync',
  'email-worker>sendgrid>sync',
  'discounts>shop>sync',
  'payment>shop>sync',
  'ads>shop>sync',
  'ads>redis>sync',
  'cart>redis>sync',
];
const MS = 1_000_000;

describe('service graph on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let graph: GraphPage;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    await session.page.addInitScript(TEST_HOOKS_SCRIPT);
    graph = new GraphPage(session.page);
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('draws every service, database, queue and external with the right edges', async () => {
    await graph.open();
    const nodes = await graph.nodes();
    expect(Object.fromEntries(nodes.map((n) => [n.name, n.kind]))).toEqual(NODES);
    const edges = await graph.edges();
    expect(edges.map((e) => `${e.source}>${e.target}>${e.mode}`).sort()).toEqual([...EDGES].sort());
    await session.workbench.screenshot('graph-01-demo-dark');
  });

  it('highlights the blast radius of discounts and lists its operations', async () => {
    await graph.clickNode('discounts');
    expect(await graph.sideTitle().textContent()).toBe('discounts');
    const rows = await graph.loadedOperationRows('discounts');
    expect(await graph.attributesOf(rows, ['data-operation', 'data-count'])).toEqual([
      ['shop.DiscountService/GetDiscount', '143'],
      ['shop.DiscountService/ApplyDiscounts', '29'],
    ]);
    const byName = new Map((await graph.nodes()).map((n): [string, DrawnNode] => [n.name, n]));
    expect(byName.get('discounts')!.classes).toContain('selected');
    for (const caller of ['frontend', 'checkout']) expect(byName.get(caller)!.classes).toContain('upstream');
    expect(byName.get('shop')!.classes).toContain('downstream');
    for (const unrelated of ['ads', 'cart', 'payment', 'email-worker', 'redis', 'orders', 'sendgrid']) {
      expect(byName.get(unrelated)!.classes, unrelated).toContain('dimmed');
    }
    for (const related of ['frontend', 'checkout', 'shop', 'discounts']) expect(byName.get(related)!.classes).not.toContain('dimmed');
    const onRadius = (await graph.edges()).filter((e) => e.classes.includes('radius')).map((e) => `${e.source}>${e.target}`);
    expect(onRadius.sort()).toEqual(['checkout>discounts', 'discounts>shop', 'frontend>checkout', 'frontend>discounts']);
    await session.workbench.screenshot('graph-02-discounts-radius');
  });

  it('lists the traces through frontend → ads slowest first, the slow ones from the ads v2 canary', async () => {
    await graph.clickEdge('frontend', 'ads');
    expect(await graph.sideTitle().textContent()).toBe('frontend → ads');
    const rows = await graph.loadedEdgeTraceRows();
    const listed = (await graph.attributesOf(rows, ['data-duration-ns', 'data-version'])).map(([duration, version]) => ({
      duration: Number(duration),
      version,
    }));
    expect(listed.length).toBeGreaterThan(10);
    const durations = listed.map((row) => row.duration);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    const slow = listed.filter((row) => row.duration > 400 * MS);
    expect(slow.length).toBeGreaterThan(5);
    for (const row of slow) expect(row.version).toBe('2.0.0-canary');
    const edge = (await graph.edges()).find((e) => e.source === 'frontend' && e.target === 'ads')!;
    expect(edge.classes).toContain('selected');
    await session.workbench.screenshot('graph-03-edge-traces');
  });

  it('opens a trace from the edge’s list', async () => {
    const rows = await graph.loadedEdgeTraceRows();
    const traceId = await rows.first().getAttribute('data-trace-id');
    await rows.first().click();
    await session.page.locator('[data-testid="main"][data-view="trace"] [data-testid="trace-view"][data-status="success"]').waitFor();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await session.page.locator('[data-testid="trace-id"]').textContent()).toContain(traceId);
  });

  it('finds a node by name and recolours by p95 latency, in the light theme', async () => {
    await session.workbench.setTheme('light');
    await graph.open();
    await graph.search().fill('email');
    await graph.search().press('Enter');
    await expect.poll(async () => graph.sideTitle().textContent()).toBe('email-worker');
    await graph.colorButton('latency').click();
    const colour = (name: string) =>
      session.page.evaluate<string>(`window.__casefileGraph.getElementById(${JSON.stringify(`n:${name}`)}).data('color')`);
    // ads serves p95 ≈ 540 ms (the canary), cart ≈ 3 ms: they must not share a colour.
    expect(await colour('ads')).not.toBe(await colour('cart'));
    await session.workbench.screenshot('graph-04-light-latency');
    await session.page.locator('[data-testid="graph-side"] .dismiss-button').click();
    await session.workbench.screenshot('graph-05-light-overview');
  });

  it('opens the traces of one operation of discounts from its operations list', async () => {
    await session.workbench.setTheme('dark');
    await graph.open();
    await graph.clickNode('discounts');
    await graph.loadedOperationRows('discounts');
    await session.page.getByRole('button', { name: 'shop.DiscountService/ApplyDiscounts', exact: true }).click();
    const list = session.page.locator('[data-testid="traces-view"] [data-testid="trace-list"][data-status="success"]');
    await list.waitFor();
    const chips = await session.page.locator('[data-testid="filter-chip"]').allTextContents();
    expect(chips.map((chip) => chip.replace('×', '').trim())).toEqual(['service: discounts', 'operation: shop.DiscountService/ApplyDiscounts']);
    // Each of the 29 ApplyDiscounts calls is in its own checkout trace (172 traces touch discounts in all).
    const rows = list.locator('[data-testid="trace-row"]');
    await expect.poll(() => rows.count()).toBe(29);
    await session.workbench.screenshot('graph-06-operation-traces');
  });

  it('draws no edge labels at the fitted zoom (they overprinted each other and the node names), but on hover', async () => {
    await session.workbench.page.evaluate(`location.hash = '#/graph'`);
    await graph.waitForPaint();
    expect(await graph.edgesWithVisibleLabels()).toEqual([]);
    await graph.hoverEdge('frontend', 'ads');
    await expect.poll(() => graph.edgesWithVisibleLabels()).toEqual(['frontend>ads']);
    await session.workbench.screenshot('graph-06-edge-label-on-hover');
  });

  it('keeps the nodes already drawn where they were when an unrelated file is imported', async () => {
    const before = await graph.positions();
    await session.workbench.importFiles([path.join(UPSTREAM, 'zipkin-v2/zipkin-lens__netflix.json')]);
    expect(await session.workbench.waitForImportEnd('zipkin-lens__netflix.json')).toBe('done');
    await expect.poll(async () => Object.keys(await graph.positions()).length).toBeGreaterThan(Object.keys(before).length);
    await graph.waitForPaint();
    const after = await graph.positions();
    for (const [name, point] of Object.entries(before)) expect(after[name], name).toEqual(point);
    await session.workbench.screenshot('graph-07-after-unrelated-import');
  });

  it('paints a window with ragged edges from its whole minutes first, then the exact window', async () => {
    const asked: string[] = [];
    session.page.on('request', (request) => {
      if (request.url().includes('/api/serviceGraph')) asked.push(request.postData() ?? '');
    });
    // A window starting and ending inside minutes of the demo's data.
    const { first, last } = session.core.db.prepare('SELECT min(start_ns) AS first, max(start_ns) AS last FROM spans').safeIntegers(true).get() as { first: bigint; last: bigint };
    const from = first + 90_000_000_123n;
    const to = last - 20_000_000_007n;
    await session.workbench.open(`${session.server.url}#/graph?from=${from}&to=${to}`);
    await session.page.locator('[data-testid="graph-view"][data-status="success"]').waitFor();
    await expect.poll(() => asked.some((body) => body.includes('"firstPaint":true'))).toBe(true);
    await expect.poll(() => asked.some((body) => !body.includes('firstPaint'))).toBe(true);
    await expect.poll(() => session.page.locator('[data-testid="graph-summary"]').textContent()).toMatch(/^\d+ nodes · \d+ edges$/);
    await graph.waitForPaint();
    expect((await graph.edges()).length).toBeGreaterThan(0);
    await session.workbench.screenshot('graph-08-ragged-window');
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
