import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTempo, sampleTrace } from '../../electron/core/sources/test-support/fake-tempo.js';
import { startLoopback, type Loopback } from '../../electron/core/sources/test-support/loopback.js';
import { UPSTREAM } from '../temp-cache.js';
import { SourcesPage } from './sources-page.js';
import { WaterfallPage } from './waterfall-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** Perses' tempo-distributor trace without its root span, served as Tempo answers a trace over max_bytes_per_trace. */
const PARTIAL = sampleTrace(JSON.parse(readFileSync(path.join(UPSTREAM, 'tempo/perses__tempo-v2-trace-body_pushbytes_incomplete_otlp.json'), 'utf8')));
const REASON = 'Tempo returned only part of this trace (trace exceeds max size (max bytes: 5000000))';

describe('a Tempo trace cut at max_bytes_per_trace, in the UI', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let sources: SourcesPage;
  let waterfall: WaterfallPage;
  let tempo: Loopback;

  beforeAll(async () => {
    tempo = await startLoopback(fakeTempo([{ ...PARTIAL, status: 'PARTIAL' }]));
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'dark' });
    sources = new SourcesPage(session.page);
    waterfall = new WaterfallPage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await tempo?.close();
    await session?.close();
  });

  it('the search caches it and names the partial trace under the pull status', async () => {
    const { workbench, server } = session;
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    await sources.openSources();
    await sources.startAddingSource();
    await sources.fillSource({ kind: 'tempo', name: 'loopback-tempo', url: tempo.url, timeoutSeconds: '5' });
    await sources.saveSource('loopback-tempo');
    await sources.searchSourceTraces({ service: 'tempo-distributor', from: '2025-04-17 00:00', to: '2025-04-18 00:00' });
    const status = await sources.finishedPull();
    expect(await status.getAttribute('data-state')).toBe('done');
    expect(await sources.pullWarnings().allTextContents()).toEqual([`trace ${PARTIAL.id}: ${REASON}`]);
    await expect.poll(() => sources.sourceTraceRows().count()).toBe(1);
    await workbench.screenshot('tempo-partial-01-pull-warning-dark');
  });

  it('the waterfall header says the trace is partial', async () => {
    const { workbench, page } = session;
    await sources.sourceTraceRows().first().click();
    await waterfall.waitForTraceView(PARTIAL.id);
    expect(await waterfall.tracePartial().textContent()).toBe(`partial: ${REASON}`);
    expect(await page.locator('[data-testid="span-row"]').count()).toBe(2);
    await workbench.screenshot('tempo-partial-02-waterfall-header-dark');
  });

  it('raised no error in the page along the way', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
