import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveCasefile } from '../casefile/save-casefile.js';
import { openCore } from '../core.js';
import { fakeJaegerV1 } from '../sources/test-support/fake-jaeger.js';
import { sourceHarness, type SourceHarness } from '../sources/test-support/harness.js';
import { startLoopback, type Loopback } from '../sources/test-support/loopback.js';
import { fakePrometheus } from './test-support/fake-prometheus.js';
import { generateFleet, type FaultKind } from './test-support/fleet-model.js';
import { modelTraces } from './test-support/model-traces.js';

const START = 1_760_000_000;
const STEP = 60;
const BUCKETS = 60;
const WINDOW = { startNs: `${START}000000000`, endNs: `${START + STEP * BUCKETS}000000000` };

let h: SourceHarness;
const servers: Loopback[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  h?.dispose();
});

async function fleet(kind: FaultKind, seed: number) {
  const model = generateFleet({ services: 400, buckets: BUCKETS, seed, fault: { kind, place: 'middle' } });
  const prom = await startLoopback(fakePrometheus({ model, startSeconds: START, stepSeconds: STEP }));
  const jaeger = await startLoopback(fakeJaegerV1(modelTraces(model, { startSeconds: START, stepSeconds: STEP })));
  servers.push(prom, jaeger);
  h = await sourceHarness();
  await h.add({ name: 'prom', kind: 'prometheus', url: prom.url });
  await h.add({ name: 'jaeger', kind: 'jaeger', url: jaeger.url });
  return { model, prom, jaeger };
}

describe('fleet triage end to end', { timeout: 120_000 }, () => {
  it('names the changed service from aggregates alone, then confirms it on the exemplar traces it pulls', async () => {
    const { model } = await fleet('latency', 11);
    const job = await h.finished(await h.client.pullAggregates({ source: 'prom', query: { ...WINDOW, buckets: BUCKETS } }));
    expect(job.error).toBeNull();
    expect(job.aggregates!.series).toBeGreaterThan(400 * 5);
    // Only aggregates came: no span is cached.
    expect(h.counts().spans).toBe(0);

    const first = await h.client.fleetReport({});
    expect(first!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'latency', basis: 'aggregates' });
    expect(first!.sources).toEqual([expect.objectContaining({ name: 'prom' })]);
    expect(first!.services).toHaveLength(400);

    const questions = await h.client.exemplarQuestions({ source: 'jaeger', service: model.fault!.service });
    expect(questions.map((q) => q.label)).toEqual(['slowest', 'failing', 'normal']);
    for (const q of questions) {
      const pulled = await h.finished(await h.client.pullTraces({ source: 'jaeger', query: q.query }));
      expect(pulled.error, q.label).toBeNull();
    }
    expect(h.counts().spans).toBeGreaterThan(0);

    const analysis = await h.client.analyze({ ...WINDOW, wait: true });
    // The trace analysis of the exemplars finds the same service: its own time on the critical path rose.
    expect(analysis.result!.suspects.some((s) => s.service === model.fault!.service && s.kind === 'latency')).toBe(true);
    const confirmed = await h.client.fleetReport({});
    expect(confirmed!.suspects[0]).toMatchObject({ service: model.fault!.service, basis: 'both' });
  });

  it('answers the same question from the cache offline, and a failed refresh leaves the answer as it was', async () => {
    const { model, prom } = await fleet('errors', 12);
    const query = { ...WINDOW, buckets: BUCKETS };
    await h.finished(await h.client.pullAggregates({ source: 'prom', query }));
    await prom.close();
    const offline = await h.finished(await h.client.pullAggregates({ source: 'prom', query }));
    expect(offline).toMatchObject({ state: 'done', cached: true });
    const before = h.counts();
    const refresh = await h.finished(await h.client.pullAggregates({ source: 'prom', query, refresh: true }));
    expect(refresh.state).toBe('failed');
    expect(h.counts()).toEqual(before);
    const report = await h.client.fleetReport({ confirm: false });
    expect(report!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'errors' });

    // A casefile of the investigated window carries the fleet answer: the reviewer's copy ranks it the same, offline.
    const file = join(h.dir, 'fleet.casefile');
    saveCasefile(h.databasePath, file, { traceIds: [], logIds: [], windows: [WINDOW], allInWindow: false }, { title: 'fleet', author: 'oncall' });
    const reviewer = await openCore({ databasePath: file, mode: 'web', journalFolder: h.dir });
    try {
      const replayed = await reviewer.handlers.fleetReport({ confirm: false, series: false });
      expect(replayed!.suspects).toEqual(report!.suspects);
      expect((await reviewer.handlers.serviceGraph(WINDOW)).edges.length).toBe(model.calls.length);
    } finally {
      reviewer.close();
    }
  });
});
