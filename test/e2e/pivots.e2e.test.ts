import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/core/db/open-database.js';
import { LogsChartsPage } from './logs-charts-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

const MS = 1_000_000;
const CANARY = '2.0.0-canary';

/** One step of the chain: where it was, and how to tell it is shown again after back/forward. */
interface Step {
  name: string;
  hash: string;
  check: () => Promise<void>;
}

/** The demo's facts, read straight from the cache file so the UI is checked against the data, not against itself. */
function canaryTraceIds(db: Db): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT s.trace_id FROM spans s JOIN resources r ON r.hash = s.resource_hash
       WHERE json_extract(r.attributes, '$."service.version"') = ?`,
    )
    .pluck()
    .all(CANARY) as string[];
  return new Set(rows);
}

describe('pivots across the investigation views on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let logs: LogsChartsPage;
  const steps: Step[] = [];

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    logs = new LogsChartsPage(session.page);
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  const record = async (name: string, check: () => Promise<void>) => {
    await check();
    steps.push({ name, hash: await session.workbench.hash(), check });
    await session.workbench.screenshot(`pivot-${String(steps.length).padStart(2, '0')}-${name}`);
  };

  let edgeSpanId = '';
  let edgeTraceId = '';
  let adsCategory = '';

  it('opens on the service graph with frontend → ads as the slowest edge', async () => {
    const { workbench } = session;
    await workbench.screenshot('pivot-00-start');
    expect(await workbench.currentView()).toBe('graph');
    expect(await workbench.timePicker().textContent()).toContain('All cached data');
    const edges = await workbench.loadedEdgeRows();
    const first = edges.first();
    expect([await first.getAttribute('data-source'), await first.getAttribute('data-target')]).toEqual(['frontend', 'ads']);
    expect(Number(await first.getAttribute('data-p95-ns'))).toBeGreaterThan(400 * MS);
    await record('graph', async () => {
      await workbench.waitForView('graph');
      await workbench.edgeRow('frontend', 'ads').waitFor();
    });
  });

  it('pivots from the edge to its traces, the canary’s slow calls first', async () => {
    const { workbench } = session;
    await workbench.edgeRow('frontend', 'ads').click();
    const rows = await workbench.loadedTraceRows();
    expect(await workbench.filterChips().allTextContents()).toEqual([expect.stringContaining('frontend → ads')]);
    const first = rows.first();
    expect(await first.getAttribute('data-version')).toBe(CANARY);
    expect(Number(await first.getAttribute('data-call-ns'))).toBeGreaterThan(400 * MS);
    edgeTraceId = (await first.getAttribute('data-trace-id')) ?? '';
    edgeSpanId = (await first.getAttribute('data-span-id')) ?? '';
    await record('edge-traces', async () => {
      await workbench.waitForView('traces');
      expect(await (await workbench.loadedTraceRows()).first().getAttribute('data-trace-id')).toBe(edgeTraceId);
    });
  });

  it('opens the waterfall with the slow ads span selected', async () => {
    const { workbench } = session;
    await (await workbench.loadedTraceRows()).first().click();
    expect(await workbench.selectedSpanId()).toBe(edgeSpanId);
    expect(await workbench.spanRowsOf('ads').count()).toBeGreaterThan(0);
    expect(await workbench.spanResourceRow('service.version').locator('[data-testid="attribute-value"]').textContent()).toBe(CANARY);
    await record('waterfall', async () => {
      await workbench.waitForView('trace');
      expect(await workbench.selectedSpanId()).toBe(edgeSpanId);
    });
  });

  it('goes from the span to its logs: exactly the logs that carry the span’s id', async () => {
    const { workbench, core } = session;
    await workbench.spanLogsButton().click();
    await logs.loadedLogRows();
    const expected = core.db.prepare('SELECT id FROM logs WHERE trace_id = ? AND span_id = ? ORDER BY id').pluck().all(edgeTraceId, edgeSpanId) as number[];
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(async () => (await logs.logIds(logs.spanCorrelatedLogRows())).sort((x, y) => x - y)).toEqual(expected);
    await record('span-logs', async () => {
      await workbench.waitForView('logs');
      await logs.loadedLogRows();
      await expect.poll(() => logs.spanCorrelatedLogRows().count()).toBe(expected.length);
    });
  });

  it('pivots from a log’s resource value to the other canary traces', async () => {
    const { workbench, core } = session;
    const rows = await logs.loadedLogRows();
    const detail = await logs.openLog(rows.filter({ hasText: 'Targeted ad request' }).first());
    adsCategory = (await workbench.attributeRowIn(detail, 'log-detail-attributes', 'app.ads.category').locator('[data-testid="attribute-value"]').textContent()) ?? '';
    expect(adsCategory).not.toBe('');
    await workbench.pivot(workbench.attributeRowIn(detail, 'log-detail-resource', 'service.version'), 'traces');
    const traceRows = await workbench.loadedTraceRows();
    const shown = await traceRows.evaluateAll((els) => els.map((el) => el.getAttribute('data-trace-id')));
    expect(new Set(shown)).toEqual(canaryTraceIds(core.db));
    expect(shown).toContain(edgeTraceId);
    await record('canary-traces', async () => {
      await workbench.waitForView('traces');
      expect(await (await workbench.loadedTraceRows()).count()).toBe(shown.length);
      expect(await workbench.filterChips().allTextContents()).toEqual([expect.stringContaining(`service.version = ${CANARY}`)]);
    });
  });

  it('groups ads traces by service.version: the canary’s p95 is far above v1’s', async () => {
    const { workbench } = session;
    await workbench.historyBack().click();
    const detail = await logs.openLog((await logs.loadedLogRows()).filter({ hasText: 'Targeted ad request' }).first());
    await workbench.pivot(workbench.attributeRowIn(detail, 'log-detail-resource', 'service.version'), 'group');
    const groups = await workbench.loadedAttributeGroups();
    const byValue = new Map<string, number>();
    for (const group of await groups.all()) byValue.set((await group.getAttribute('data-value')) ?? '', Number(await group.getAttribute('data-p95-ns')));
    expect([...byValue.keys()].sort()).toEqual(['1.4.2', CANARY]);
    expect(byValue.get(CANARY)! - byValue.get('1.4.2')!).toBeGreaterThan(400 * MS);
    // The canary-traces step was replaced by this branch: back/forward now walk graph … span logs → group-by.
    steps.pop();
    await record('group-by-version', async () => {
      await workbench.waitForView('traces');
      expect(await (await workbench.loadedAttributeGroups()).count()).toBe(2);
    });
  });

  it('pivots from a log attribute to the other logs with that value', async () => {
    const { workbench, core } = session;
    await workbench.historyBack().click();
    const detail = await logs.openLog((await logs.loadedLogRows()).filter({ hasText: 'Targeted ad request' }).first());
    await workbench.pivot(workbench.attributeRowIn(detail, 'log-detail-attributes', 'app.ads.category'), 'logs');
    const expected = core.db
      .prepare(`SELECT id FROM logs WHERE json_extract(attributes, '$."app.ads.category"') = ? ORDER BY id`)
      .pluck()
      .all(adsCategory) as number[];
    expect(expected.length).toBeGreaterThan(1);
    const shown = await logs.logIds(await logs.loadedLogRows());
    expect(shown.sort((a, b) => a - b)).toEqual(expected);
    steps.pop();
    await record('logs-by-category', async () => {
      await workbench.waitForView('logs');
      expect(await (await logs.loadedLogRows()).count()).toBe(expected.length);
    });
  });

  it('walks back through every step, then forward again, restoring each', async () => {
    const { workbench } = session;
    for (let i = steps.length - 2; i >= 0; i--) {
      await workbench.historyBack().click();
      await expect.poll(() => workbench.hash(), { message: steps[i]!.name }).toBe(steps[i]!.hash);
      await steps[i]!.check();
    }
    expect(await workbench.historyBack().isDisabled()).toBe(true);
    for (let i = 1; i < steps.length; i++) {
      // Alt+→ as well as the button: both are offered.
      if (i % 2 === 0) await workbench.page.keyboard.press('Alt+ArrowRight');
      else await workbench.historyForward().click();
      await expect.poll(() => workbench.hash(), { message: steps[i]!.name }).toBe(steps[i]!.hash);
      await steps[i]!.check();
    }
    expect(await workbench.historyForward().isDisabled()).toBe(true);
  });

  it('jumps to a trace id typed in upper case without its leading zeros', async () => {
    const { workbench, core } = session;
    const traceId = core.db.prepare(`SELECT trace_id FROM traces WHERE trace_id LIKE '0%' ORDER BY trace_id LIMIT 1`).pluck().get() as string;
    const typed = traceId.replace(/^0+/, '').toUpperCase();
    const options = await workbench.omniboxType(typed);
    expect(await options.first().getAttribute('data-kind')).toBe('trace');
    await workbench.screenshot('pivot-omnibox-trace');
    await workbench.omniboxEnter();
    await workbench.waitForView('trace');
    expect(await workbench.page.locator('[data-testid="trace-id"]').textContent()).toBe(traceId);
  });

  it('jumps to a service: the graph focused on it', async () => {
    const { workbench } = session;
    const options = await workbench.omniboxType('ads');
    expect(await options.first().textContent()).toContain('Service ads');
    await workbench.omniboxEnter();
    await workbench.waitForView('graph');
    expect(await workbench.serviceItem('ads').getAttribute('aria-current')).toBe('true');
    const edges = await workbench.loadedEdgeRows();
    for (const row of await edges.all()) {
      expect([await row.getAttribute('data-source'), await row.getAttribute('data-target')]).toContain('ads');
    }
    await workbench.screenshot('pivot-omnibox-service');
  });

  it('jumps to an operation by part of its span name: the traces that ran it', async () => {
    const { workbench } = session;
    const options = await workbench.omniboxType('AdRanker');
    expect(await options.first().getAttribute('data-kind')).toBe('operation');
    expect(await options.first().textContent()).toContain('Operation AdRanker.rank');
    await workbench.screenshot('pivot-omnibox-operation');
    await workbench.omniboxEnter();
    await workbench.waitForView('traces');
    expect(await workbench.hash()).toContain('service=ads&op=AdRanker.rank');
    const total = Number(await workbench.page.locator('[data-testid="list-pager"]').getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    expect(await workbench.page.locator('[data-testid="trace-row"]').count()).toBe(total);
  });

  it('shows the time picker and the group-by table in the light theme', async () => {
    const { workbench } = session;
    await workbench.setTheme('light');
    await workbench.page.goto(new URL(`#/traces?service=ads&group=service.version`, session.server.url).href);
    expect(await (await workbench.loadedAttributeGroups()).count()).toBe(2);
    await workbench.timePicker().click();
    await workbench.page.locator('[data-testid="time-picker-popover"]').waitFor();
    await workbench.screenshot('pivot-light-group-by-time-picker');
    await workbench.page.keyboard.press('Escape');
    await workbench.setTheme('dark');
  });

  it('groups across all services with a service column, never mixing two services’ versions, on a scaled bar', async () => {
    const { workbench } = session;
    await workbench.page.goto(new URL('#/traces', session.server.url).href);
    await workbench.groupByInput().click();
    await expect.poll(() => workbench.groupByKeySuggestions()).toContain('service.version');
    expect(await workbench.groupByKeySuggestions()).toContain('app.cart.items');
    await workbench.groupByInput().fill('service.version');
    await workbench.groupByInput().press('Enter');
    const groups = await workbench.loadedAttributeGroups();
    await expect.poll(() => groups.count()).toBeGreaterThan(2);
    const pairs = await groups.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-service')} ${r.getAttribute('data-value')}`));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toContain('ads 2.0.0-canary');
    expect(pairs).toContain('ads 1.4.2');
    expect(await workbench.page.locator('[data-testid="attribute-groups"]').getByRole('columnheader', { name: 'Service', exact: true }).count()).toBe(1);
    expect(await workbench.page.locator('[data-testid="group-bar-scale"]').innerText()).toMatch(/^0\s+\S+.*\s+\S+/s);
    // The side-by-side comparison below keeps each service's versions its own too, and finds the canary.
    const compared = workbench.page.locator('[data-testid="compare-value"]');
    await expect.poll(() => compared.count()).toBeGreaterThan(2);
    const comparedPairs = await compared.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-service')} ${r.getAttribute('data-value')}`));
    expect(new Set(comparedPairs).size).toBe(comparedPairs.length);
    expect(comparedPairs).toContain('ads 2.0.0-canary');
    expect(await workbench.page.locator('[data-testid="compare-statement"]').textContent()).toMatch(/^ads 2\.0\.0-canary: p95/);
    await workbench.screenshot('pivot-group-by-all-services');
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
