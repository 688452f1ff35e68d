import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../shared/analysis/analyze.js';
import type { AnalysisResult, Suspect } from '../../../shared/analysis/types.js';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { cachedRange, readAnalysisRows } from './analysis-input.js';

/** The demo incident read back from a real cache, ranked with no flags: what `casefile analyze` answers. */
describe('root-cause ranking of the demo incident', () => {
  const cache = tempCache();
  let result: AnalysisResult;
  const find = (kind: Suspect['kind'], service: string) => result.suspects.find((s) => s.kind === kind && s.service === service);

  beforeAll(async () => {
    await importFile(cache.db, DEMO_FILE);
    const window = cachedRange(cache.db)!;
    const rows = readAnalysisRows(cache.db, window);
    result = analyze({ spans: rows.spans, logs: rows.logs, window });
  }, 60_000);
  afterAll(() => cache.dispose());

  it('names the ads canary, ranked before the latency it causes, with both versions’ latency side by side', () => {
    const canary = find('version-change', 'ads')!;
    expect(canary.operation).toBe('shop.AdService/GetAds');
    expect(canary.rank).toBeLessThan(find('latency', 'ads')!.rank);
    expect(canary.statement).toMatch(/^ads 2\.0\.0-canary: p95 \d+ ms vs 1\.4\.2: \d+ ms, \d+% of ads requests/);
    expect(canary.evidence.attributes).toEqual([expect.objectContaining({ key: 'service.version', value: '2.0.0-canary' })]);
    const d = canary.evidence.distributions!;
    expect(d['2.0.0-canary']!.p50Ns).toBeGreaterThan(d['1.4.2']!.p50Ns + 400e6);
    expect(canary.evidence.examples.length).toBeGreaterThan(0);
  });

  it('names the ads latency where it is spent, the ranker the canary runs', () => {
    const latency = find('latency', 'ads')!;
    expect(latency.operation).toBe('AdRanker.rank');
    expect(latency.evidence.distributions!['suspect in bad requests']!.p50Ns).toBeGreaterThan(400e6);
    expect(latency.evidence.logs!.some((l) => l.body.includes('over the 250 ms latency budget'))).toBe(true);
  });

  it('names the cart call as the origin of the frontend errors, not the frontend that propagates them', () => {
    const cart = find('error-origin', 'cart')!;
    expect(cart.operation).toBe('shop.CartService/GetCart');
    expect(cart.evidence.messages![0]!.text).toBe('userId must not be empty');
    expect(cart.evidence.logs![0]!.body).toContain('GetCart failed: userId must not be empty');
    expect(result.suspects.some((s) => s.service === 'frontend')).toBe(false);
    const example = cart.evidence.examples[0]!;
    const span = readAnalysisRows(cache.db, cachedRange(cache.db)!).spans.find((s) => s.spanId === example.spanIds[0]);
    expect([span?.service, span?.statusCode, span?.kind]).toEqual(['cart', 'error', 'server']);
  });

  it('names the invoice consumer as an async cause, traced back to the checkout that produced its messages', () => {
    const invoice = find('async', 'email-worker')!;
    expect(invoice.statement).toContain('messages from checkout orders publish');
    expect(invoice.evidence.messages![0]!.text).toMatch(/^InvoiceRenderError/);
    expect(result.blastRadius.entryOperations).toContainEqual(expect.objectContaining({ service: 'frontend', operation: 'POST /checkout' }));
  });

  it('reports the blast radius with entry points, users and routes', () => {
    const entries = result.blastRadius.entryOperations;
    expect(entries.every((e) => e.affected <= e.total && e.affected > 0)).toBe(true);
    expect(result.blastRadius.services).toEqual(expect.arrayContaining(['ads', 'frontend']));
    expect(result.blastRadius.users?.[0]).toEqual({ key: 'app.customer.id', distinct: expect.any(Number) });
    expect(result.blastRadius.routes?.map((r) => r.route)).toContain('/product/{id}');
  });

  it('orders suspects best first with scores between 0 and 1', () => {
    expect(result.suspects.map((s) => s.rank)).toEqual(result.suspects.map((_, k) => k + 1));
    for (const s of result.suspects) {
      expect(s.score).toBeGreaterThan(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
  });
});
