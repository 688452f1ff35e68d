import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComparePage } from './compare-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

describe('detector marks, Compare and trace diff on the demo incident', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let compare: ComparePage;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: true, colorScheme: 'dark' });
    compare = new ComparePage(session.page);
    await session.workbench.open(session.server.url);
    await session.workbench.waitForServicesLoaded();
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('marks the discounts N+1 on its repeated queries in the waterfall', async () => {
    // The trace to open is chosen from the cache's own findings, so the UI is checked against the data.
    const findings = await session.core.handlers.findings({});
    const nPlusOne = findings.find((f) => f.detector === 'n-plus-one-db');
    expect(nPlusOne?.service).toBe('discounts');
    await compare.goTo(session.server.url, `#/trace/${nPlusOne!.traceIds[0]}`);
    await session.workbench.waitForView('trace');
    const marker = compare.findingMarkerOfService('discounts').first();
    await marker.waitFor();
    expect(await marker.textContent()).toMatch(/^N\+1: \d+ × SELECT discounts$/);
    expect(await marker.getAttribute('title')).toContain('one query per item');
    await session.workbench.screenshot('compare-01-waterfall-n-plus-one');
  });

  it('marks the ads sleep in a trace that has one', async () => {
    const findings = await session.core.handlers.findings({});
    const sleep = findings.find((f) => f.detector === 'sleep');
    await compare.goTo(session.server.url, `#/trace/${sleep!.traceIds[0]}`);
    await session.workbench.waitForView('trace');
    const marker = compare.findingMarkerOfService('ads').first();
    await marker.waitFor();
    expect(await marker.textContent()).toBe('sleep on the critical path');
    await session.workbench.screenshot('compare-02-waterfall-sleep');
  });

  it('compares service.version of ads side by side and says the canary is slower', async () => {
    await compare.goTo(session.server.url, '#/traces?service=ads&group=service.version');
    await session.workbench.waitForView('traces');
    await compare.compareValue('2.0.0-canary').waitFor();
    expect(await compare.compareStatement().textContent()).toMatch(/^ads 2\.0\.0-canary: p95 \d+ ms vs 1\.4\.2: \d+ ms/);
    // BubbleUp of the slow spans: the canary's ranker span and its version set them apart.
    await compare.bubbleUpRows().first().waitFor();
    const keys = await compare.bubbleUpRows().evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-key')}=${r.getAttribute('data-value')}`));
    expect(keys.slice(0, 6)).toEqual(expect.arrayContaining(['service.version=2.0.0-canary']));
    await compare.comparePanel().scrollIntoViewIfNeeded();
    await session.workbench.screenshot('compare-03-versions-bubbleup');
  });

  it('diffs two picked traces, largest time difference first', async () => {
    await compare.goTo(session.server.url, '#/traces?service=ads');
    await session.workbench.waitForView('traces');
    await compare.tracePicks().first().waitFor();
    await compare.tracePicks().nth(0).check();
    await compare.tracePicks().nth(1).check();
    await compare.traceDiffNodes().first().waitFor();
    expect(await compare.traceDiffNodes().count()).toBeGreaterThan(1);
    await compare.traceDiff().scrollIntoViewIfNeeded();
    await session.workbench.screenshot('compare-04-trace-diff');
    expect(session.browserErrors).toEqual([]);
  });
});
