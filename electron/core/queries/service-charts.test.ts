import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { correlatedLogs } from './correlated-logs.js';
import { logHistogram } from './log-histogram.js';
import { serviceCharts } from './service-charts.js';

/** The views' queries on the demo incident, where the answers are known: see fixtures/demo. */
describe('logs and charts queries on the demo incident', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  }, 60_000);
  afterAll(() => cache?.dispose());

  it('marks where ads 2.0.0-canary first appeared, after 1.4.2', () => {
    const charts = serviceCharts(cache.db, { service: 'ads', maxBuckets: 60 });
    expect(charts.versions.map((v) => v.version)).toEqual(['1.4.2', '2.0.0-canary']);
    const [v1, canary] = charts.versions;
    expect(BigInt(canary!.firstNs)).toBeGreaterThan(BigInt(v1!.firstNs));
  });

  it('shows the ads p95 rising by hundreds of milliseconds once the canary is live', () => {
    const charts = serviceCharts(cache.db, { service: 'ads', maxBuckets: 30 });
    expect(charts.basis).toBe('entry');
    const canaryAt = BigInt(charts.versions[1]!.firstNs);
    const p95 = (before: boolean) => {
      const values = charts.buckets
        .filter((b) => b.count > 0 && (BigInt(b.startNs) + BigInt(charts.bucketNs) <= canaryAt) === before && (before || BigInt(b.startNs) >= canaryAt))
        .map((b) => b.p95Ns!);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(p95(false) - p95(true)).toBeGreaterThan(300_000_000);
  });

  it('counts every ads request once, in the buckets and in the heatmap', () => {
    const charts = serviceCharts(cache.db, { service: 'ads', maxBuckets: 30 });
    const entrySpans = cache.db.prepare("SELECT count(*) FROM spans WHERE service = 'ads' AND kind IN (2, 5)").pluck().get() as number;
    expect(charts.buckets.reduce((n, b) => n + b.count, 0)).toBe(entrySpans);
    expect(charts.heatmap.cells.reduce((n, [, , c]) => n + c, 0)).toBe(entrySpans);
    for (const [t, d] of charts.heatmap.cells) {
      expect(t).toBeLessThan(charts.buckets.length);
      expect(d).toBeLessThan(charts.heatmap.durationBoundsNs.length);
    }
    expect(charts.buckets.length).toBeLessThanOrEqual(30);
    // Sparse data gets wider buckets: about ten requests each, not a percentile over two or three.
    expect(charts.buckets.length).toBeLessThanOrEqual(Math.max(12, entrySpans / 10) + 1);
  });

  it('counts cart errors and narrows to one operation', () => {
    const charts = serviceCharts(cache.db, { service: 'cart', operation: 'cart.CartService/GetCart', maxBuckets: 30 });
    const all = serviceCharts(cache.db, { service: 'cart', maxBuckets: 30 });
    const errors = (c: typeof charts) => c.buckets.reduce((n, b) => n + b.errors, 0);
    expect(errors(all)).toBeGreaterThan(0);
    expect(charts.buckets.reduce((n, b) => n + b.count, 0)).toBeLessThan(all.buckets.reduce((n, b) => n + b.count, 0));
  });

  it('gives an empty chart, not an error, for a service without spans', () => {
    const charts = serviceCharts(cache.db, { service: 'nobody', maxBuckets: 30 });
    expect(charts).toMatchObject({ buckets: [], versions: [], startNs: null });
  });

  it("finds the cart ERROR with its stack trace among an erroring trace's logs", () => {
    const traceId = cache.db
      .prepare("SELECT trace_id FROM logs WHERE service = 'cart' AND severity_number >= 17 AND trace_id IS NOT NULL LIMIT 1")
      .pluck()
      .get() as string;
    const page = correlatedLogs(cache.db, { traceId, limit: 500 });
    const error = page.logs.find((l) => l.service === 'cart' && l.severityNumber >= 17);
    // cart (Java) logs the exception the OpenTelemetry way: the stack trace is an attribute, not the body.
    expect(error?.body).toBe('GetCart failed: userId must not be empty');
    expect(String(error?.attributes['exception.stacktrace'])).toMatch(/\n\tat shop\.cart\.CartStore/);
    expect(error?.correlation).toBe('span');
  });

  it('finds the leftoverSleep WARN logs of ads with the word highlighted', () => {
    const page = correlatedLogs(cache.db, { text: 'leftoverSleep', limit: 50 });
    expect(page.logs.length).toBeGreaterThan(0);
    for (const log of page.logs) {
      expect(log.service).toBe('ads');
      expect(log.severityText).toBe('WARN');
      expect(log.highlights.map(([s, e]) => log.body.slice(s, e))).toContain('leftoverSleep');
    }
    const histogram = logHistogram(cache.db, { text: 'leftoverSleep' }, 60);
    expect(histogram.buckets[0]!.counts[4]).toBeGreaterThanOrEqual(0);
    expect(histogram.total).toBe(cache.db.prepare("SELECT count(*) FROM logs WHERE body LIKE '%leftoverSleep%'").pluck().get());
  });
});
