import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFindings } from '../../../shared/analysis/detectors/index.js';
import { tempCache } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { generateTrace } from '../../../bench/trace-generator.js';
import { openCore } from '../core.js';
import { neighbourTraceIds, poolLogCandidates, windowTraces } from './window-spans.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo/demo-incident.otlp.ndjson', import.meta.url));

describe('detectors on the demo incident, read from a cache', () => {
  const cache = tempCache();
  beforeAll(async () => {
    await importFile(cache.db, DEMO);
  }, 120_000);
  afterAll(() => cache.dispose());

  it('find the discounts N+1 and the ads sleep, and nothing else', () => {
    const traces = [...windowTraces(cache.db, {})];
    expect(traces.length).toBeGreaterThan(100);
    const findings = detectFindings(traces, undefined, poolLogCandidates(cache.db, {}));
    expect(findings.map((f) => `${f.detector} ${f.service}`)).toEqual(['n-plus-one-db discounts', 'sleep ads']);
    const [nPlusOne, sleep] = findings;
    expect(nPlusOne!.query).toBe('SELECT id, percent_off FROM discounts WHERE item_id = ?');
    expect(nPlusOne!.repeats).toBeGreaterThanOrEqual(5);
    expect(nPlusOne!.occurrences).toBeGreaterThan(3);
    expect(sleep!.operation).toMatch(/GetAds/);
    expect(sleep!.query).toBe('sleep');
  }, 60_000);

  it('read only the traces touching a service when asked', () => {
    const traces = [...windowTraces(cache.db, { service: 'discounts' })];
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.every((spans) => spans.some((s) => s.service === 'discounts'))).toBe(true);
  }, 60_000);
});

describe("one trace's findings", () => {
  const cache = tempCache();
  let core: Awaited<ReturnType<typeof openCore>>;
  let adsTrace = '';
  beforeAll(async () => {
    await importFile(cache.db, DEMO);
    // A trace the window's sleep finding names.
    const sleep = detectFindings([...windowTraces(cache.db, { service: 'ads' })]).find((f) => f.detector === 'sleep')!;
    adsTrace = sleep.traceIds[Math.floor(sleep.traceIds.length / 2)]!;
    core = await openCore({ databasePath: cache.path, mode: 'web', loadDemoIfEmpty: false });
  }, 120_000);
  afterAll(() => {
    core.close();
    cache.dispose();
  });

  it('say a pause repeats from the traces around it', async () => {
    const findings = await core.handlers.findings({ traceId: adsTrace });
    const sleep = findings.find((f) => f.detector === 'sleep');
    expect(sleep).toMatchObject({ service: 'ads', traceIds: [adsTrace] });
    expect(sleep!.spanIds.length).toBeGreaterThan(0);
  }, 60_000);

  it('read a bounded neighbourhood: the nearest traces of its services, none of them huge, never itself', () => {
    const start = cache.db.prepare('SELECT start_ns FROM traces WHERE trace_id = ?').safeIntegers(true).pluck().get(adsTrace) as bigint;
    const near = { traceId: adsTrace, services: ['ads', 'frontend'], aroundNs: start, withinNs: 30n * 60n * 1_000_000_000n, limit: 20, maxSpans: 20_000 };
    const ids = neighbourTraceIds(cache.db, near);
    expect(ids).toHaveLength(20);
    expect(ids).not.toContain(adsTrace);
    const distances = ids.map((id) => {
      const s = cache.db.prepare('SELECT start_ns FROM traces WHERE trace_id = ?').safeIntegers(true).pluck().get(id) as bigint;
      return Number(s > start ? s - start : start - s);
    });
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(neighbourTraceIds(cache.db, { ...near, maxSpans: 0 })).toEqual([]);
  });

  it('answer in bounded time with a huge trace of the same services in the window', async () => {
    // 100k spans of frontend, checkout, cart…: before the bound, every service of the trace re-read it (minutes at 1M).
    const huge = generateTrace(cache.db, 100_000, 7);
    const start = cache.db.prepare('SELECT start_ns FROM traces WHERE trace_id = ?').safeIntegers(true).pluck().get(adsTrace) as bigint;
    cache.db.prepare('UPDATE traces SET start_ns = ? WHERE trace_id = ?').run(start, huge.traceId);
    cache.db.prepare('UPDATE trace_services SET start_ns = ? WHERE trace_id = ?').run(start, huge.traceId);
    const ids = neighbourTraceIds(cache.db, { traceId: adsTrace, services: ['frontend'], aroundNs: start, withinNs: 10n ** 12n, limit: 500, maxSpans: 20_000 });
    expect(ids).not.toContain(huge.traceId);
    const findings = await core.handlers.findings({ traceId: adsTrace });
    expect(findings.some((f) => f.detector === 'sleep')).toBe(true);
  }, 60_000);
});
