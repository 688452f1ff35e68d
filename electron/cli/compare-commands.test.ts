import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowsResult, TraceDiffResult, ValueComparison } from '../../shared/analysis/compare/compare-types.js';
import type { Finding } from '../../shared/analysis/types.js';
import { tempCache } from '../../test/temp-cache.js';
import { runCasefile } from './test-support/run-casefile.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/demo-incident.otlp.ndjson', import.meta.url));
const json = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

describe('casefile findings, compare, diff and flows on the demo incident', () => {
  const cache = tempCache();
  const db = ['--db', cache.path];
  beforeAll(async () => {
    cache.db.close();
    const imported = await runCasefile([...db, 'import', DEMO]);
    expect(imported.code).toBe(0);
  }, 120_000);
  afterAll(() => cache.dispose());

  it('findings --json names the discounts N+1 and the ads sleep', async () => {
    const run = await runCasefile([...db, 'findings', '--json']);
    expect(run.code).toBe(0);
    const findings = json<Finding[]>(run);
    expect(findings.map((f) => [f.detector, f.service])).toEqual([
      ['n-plus-one-db', 'discounts'],
      ['sleep', 'ads'],
    ]);
    expect(findings[0]).toMatchObject({ operation: 'shop.DiscountService/ApplyDiscounts', fix: expect.stringContaining('one query') });
  }, 60_000);

  it('compare --by service.version --service ads says the canary is slower, in words', async () => {
    const run = await runCasefile([...db, 'compare', '--by', 'service.version', '--service', 'ads', '--json']);
    const result = json<ValueComparison>(run);
    expect(result.values.map((v) => v.value).sort()).toEqual(['1.4.2', '2.0.0-canary']);
    const canary = result.values.find((v) => v.value === '2.0.0-canary')!;
    const stable = result.values.find((v) => v.value === '1.4.2')!;
    expect(canary.p95Ns).toBeGreaterThan(2 * stable.p95Ns);
    expect(result.statement).toMatch(/^ads 2\.0\.0-canary: p95 \d+ ms vs 1\.4\.2: \d+ ms, \d+% of requests\.$/);
    // Across all services, each service's versions stay its own: the canary is found without naming ads.
    const all = json<ValueComparison>(await runCasefile([...db, 'compare', '--by', 'service.version', '--json']));
    expect(all.values.every((v) => v.service !== undefined)).toBe(true);
    expect(all.values.filter((v) => v.service === 'ads').map((v) => v.value).sort()).toEqual(['1.4.2', '2.0.0-canary']);
    expect(all.statement).toMatch(/^ads 2\.0\.0-canary: p95/);
    const table = await runCasefile([...db, 'compare', '--by', 'service.version']);
    expect(table.stdout.split('\n')[0]).toMatch(/^SERVICE\s+SERVICE\.VERSION\s+REQUESTS/);
    const usage = await runCasefile([...db, 'compare']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--by ATTRIBUTE');
  }, 60_000);

  it('diff shows the canary trace’s ranker only on its side, and flows where the time goes', async () => {
    const flows = json<FlowsResult>(await runCasefile([...db, 'flows', '--json']));
    const product = flows.flows.find((f) => f.operation === 'GET /product/{id}')!;
    expect(product.criticalPath[0]).toMatchObject({ service: 'ads', operation: 'AdRanker.rank' });
    const traces = json<{ traceId: string; durationNs: string }[]>(await runCasefile([...db, 'traces', '--service', 'ads', '--operation', 'AdRanker.rank', '--limit', '1', '--json']));
    const fast = json<{ traceId: string; durationNs: string }[]>(await runCasefile([...db, 'traces', '--service', 'ads', '--limit', '50', '--json'])).find((t) => Number(t.durationNs) < 50e6)!;
    const diff = json<TraceDiffResult>(await runCasefile([...db, 'diff', traces[0]!.traceId, fast.traceId, '--json']));
    expect(diff.nodes.find((n) => n.operation === 'AdRanker.rank')).toMatchObject({ change: 'only-a' });
    const missing = await runCasefile([...db, 'diff', traces[0]!.traceId]);
    expect(missing.code).toBe(2);
  }, 60_000);
});
