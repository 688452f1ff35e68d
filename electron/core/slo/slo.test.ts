import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Api } from '../../../shared/contract.js';
import { createClient, dispatch, type Client } from '../../../shared/contract-kit.js';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE, openCore, type Core } from '../core.js';
import { importFile } from '../ingest/import-file.js';

/** A cache holding the demo incident, served by a real core (write queue, handlers) over a temporary file. */
describe('SLOs and canary verdicts over the demo incident (real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  let core: Core;
  /** Through the contract, as every transport calls: inputs validated and defaults applied. */
  let client: Client<Api>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    cache.db.close();
    core = await openCore({ databasePath: cache.path, mode: 'web' });
    client = createClient(api, (name, input) => dispatch(api, core.handlers, name, input));
  });
  afterAll(() => {
    core.close();
    cache.dispose();
  });

  /** Entry spans of a service counted the slow way, straight from the rows. */
  function counted(service: string, bad: string): { total: number; bad: number } {
    return core.db
      .prepare(`SELECT count(*) AS total, coalesce(sum(${bad}), 0) AS bad FROM spans WHERE service = ? AND (kind IN (2, 5) OR parent_id IS NULL)`)
      .get(service) as { total: number; bad: number };
  }

  it('calls a rollback on the ads canary, with both versions, their sizes and the slowest canary traces', async () => {
    const report = await client.canary({ service: 'ads' });
    expect(report.verdict).toBe('rollback');
    expect(report.baseline).toBe('1.4.2');
    expect(report.groups.map((g) => g.value).sort()).toEqual(['1.4.2', '2.0.0-canary']);
    const canary = report.groups.find((g) => g.value === '2.0.0-canary')!;
    expect(Number(canary.p95Ns)).toBeGreaterThan(Number(report.groups.find((g) => g.value === '1.4.2')!.p95Ns) + 300e6);
    expect(report.statement).toMatch(/^2\.0\.0-canary is slower than 1\.4\.2 \(.*p < 0\.001.*\): roll back$/);
    expect(report.worstTraceIds.length).toBeGreaterThan(0);
    // To diff against: a baseline request of typical duration, in a trace entering by the same operation.
    const rootOf = core.db.prepare('SELECT root_service || \' \' || root_name FROM traces WHERE trace_id = ?').pluck();
    expect(report.baselineTraceId).not.toBeNull();
    expect(rootOf.get(report.baselineTraceId)).toBe(rootOf.get(report.worstTraceIds[0]));
    const versionOf = core.db.prepare(
      `SELECT json_extract(r.attributes, '$."service.version"') FROM spans s JOIN resources r ON r.hash = s.resource_hash WHERE s.trace_id = ? AND s.service = 'ads' AND s.kind = 2`,
    ).pluck();
    expect(versionOf.get(report.baselineTraceId)).toBe('1.4.2');
    const baseline = report.groups.find((g) => g.value === '1.4.2')!;
    const adsDuration = Number(core.db.prepare(`SELECT end_ns - start_ns FROM spans WHERE trace_id = ? AND service = 'ads' AND kind = 2`).pluck().get(report.baselineTraceId));
    expect(adsDuration).toBeLessThan(Number(baseline.p95Ns));
  });

  it('refuses a canary of a service with one version, naming it', async () => {
    await expect(client.canary({ service: 'cart' })).rejects.toThrow(/cart has one service\.version/);
  });

  it('keeps an SLO’s events as counted from the spans, when saved and as new spans arrive', async () => {
    await client.saveSlo({ slo: { name: 'frontend-availability', service: 'frontend', objective: { kind: 'availability', target: 0.99 } } });
    const expected = counted('frontend', 'status_code = 2');
    const [status] = await client.sloStatus({});
    expect(status!.events).toBe(expected.total);
    expect(status!.badEvents).toBe(expected.bad);
    expect(status!.compliance).toBeCloseTo(1 - expected.bad / expected.total, 9);
    expect(expected.bad).toBeGreaterThan(0);

    // New spans of the service arrive: the writer keeps the minutes, no recount.
    const file = join(cache.dir, 'more.json');
    const traceId = 'abcdef0123456789abcdef0123456789';
    writeFileSync(
      file,
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] },
            scopeSpans: [
              {
                spans: [
                  { traceId, spanId: '00000000000000a1', name: 'GET /', kind: 2, startTimeUnixNano: '1763647200000000000', endTimeUnixNano: '1763647200100000000', status: { code: 2 } },
                  // A sampled request (Jaeger probabilistic sampler at 10%) stands for ten.
                  { traceId, spanId: '00000000000000a2', name: 'GET /', kind: 2, startTimeUnixNano: '1763647201000000000', endTimeUnixNano: '1763647201100000000',
                    attributes: [{ key: 'sampler.type', value: { stringValue: 'probabilistic' } }, { key: 'sampler.param', value: { doubleValue: 0.1 } }] },
                  // Sampled by OpenTelemetry at 1 in 4 (rejection threshold 0xc…), said in its W3C tracestate.
                  { traceId, spanId: '00000000000000a3', traceState: 'ot=th:c', name: 'GET /', kind: 2, startTimeUnixNano: '1763647202000000000', endTimeUnixNano: '1763647202100000000' },
                ],
              },
            ],
          },
        ],
      }),
    );
    await core.jobs.start([file]);
    await waitFor(() => core.db.prepare('SELECT count(*) FROM spans WHERE trace_id = ?').pluck().get(traceId) === 3);
    await waitFor(() => core.db.prepare(`SELECT count(*) FROM loads WHERE status = 'running'`).pluck().get() === 0);
    const [after] = await client.sloStatus({ names: ['frontend-availability'] });
    expect(after!.events).toBe(expected.total + 1 + 10 + 4);
    expect(after!.badEvents).toBe(expected.bad + 1);
    expect(after!.estimated).toBe(true);

    // Saving it again recounts from the spans: the same figures.
    await client.saveSlo({ slo: { name: 'frontend-availability', service: 'frontend', objective: { kind: 'availability', target: 0.99 } } });
    const [recounted] = await client.sloStatus({ names: ['frontend-availability'] });
    expect(recounted!.events).toBe(after!.events);
    expect(recounted!.badEvents).toBe(after!.badEvents);
  });

  it('evaluates a latency SLO per version in the canary verdict, and removes SLOs', async () => {
    await client.saveSlo({ slo: { name: 'ads-latency', service: 'ads', objective: { kind: 'latency', thresholdMs: 500, target: 0.99 } } });
    const report = await client.canary({ service: 'ads' });
    const slo = report.slos.find((s) => s.name === 'ads-latency')!;
    expect(slo.compliance['2.0.0-canary']!).toBeLessThan(slo.compliance['1.4.2']!);
    expect(report.statement).toContain('breaks ads-latency that 1.4.2 keeps');
    expect((await client.removeSlo({ name: 'ads-latency' })).removed).toBe(true);
    expect(core.db.prepare(`SELECT count(*) FROM slo_minutes WHERE slo = 'ads-latency'`).pluck().get()).toBe(0);
    await expect(client.sloStatus({ names: ['ads-latency'] })).rejects.toThrow('no SLO named ads-latency');
  });

  it('suggests objectives the busiest flows meet today', async () => {
    const suggestions = await client.suggestSlos({ limit: 5 });
    expect(suggestions.length).toBe(5);
    expect(suggestions[0]!.requests).toBeGreaterThanOrEqual(suggestions[1]!.requests);
    for (const s of suggestions) {
      expect(s.latency.objective.kind === 'latency' && s.latency.objective.thresholdMs * 1e6).toBeGreaterThanOrEqual(s.p99Ns);
      expect(s.availability.objective.target).toBeLessThanOrEqual(s.successRate);
    }
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!done()) throw new Error('timed out waiting');
}
