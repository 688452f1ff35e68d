import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { fakeLokiMetrics } from '../fleet/test-support/fake-loki-metrics.js';
import { fakePrometheus } from '../fleet/test-support/fake-prometheus.js';
import { generateFleet } from '../fleet/test-support/fleet-model.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { sendJson, startLoopback, type Loopback } from './test-support/loopback.js';

const START = Date.UTC(2026, 1, 2) / 1000;
const WINDOW = { startNs: `${START}000000000`, endNs: `${START + 3600}000000000` };

let h: SourceHarness;
const servers: Loopback[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  h?.dispose();
});

describe('fleet aggregates from Loki: log and error lines per service', { timeout: 60_000 }, () => {
  it("reads Loki's real matrix answer (escaped label values, stats, warnings) as lines per second", async () => {
    const sample = JSON.parse(readFileSync(join(UPSTREAM, 'loki', 'loki__query_range-matrix_with-stats.json'), 'utf8')) as unknown;
    const server = await startLoopback((req, res) => sendJson(res, 200, sample));
    servers.push(server);
    h = await sourceHarness();
    await h.add({ name: 'loki', kind: 'loki', url: server.url, options: { serviceLabels: ['job'] } });
    // The sample's points sit at 1568404331.324 s: a window of one 60 s bucket ending there.
    const end = 1568404331324000000n + 1n;
    const job = await h.finished(await h.client.pullAggregates({ source: 'loki', query: { startNs: (end - 480_000_000_000n).toString(), endNs: end.toString(), buckets: 8 } }));
    expect(job.error).toBeNull();
    expect(job.warnings).toContain('Loki: this is a warning');
    const asked = server.requests.map((r) => r.query.get('query'));
    expect(asked).toEqual([
      'sum by (job) (count_over_time({job=~".+"} [60s]))',
      'sum by (job) (count_over_time({job=~".+"} | level=~"(?i)(error|fatal|critical|crit|err)" or detected_level=~"(?i)(error|fatal|critical|crit|err)" [60s]))',
    ]);
    const series = await h.client.fleetSeries({ service: 'varlogs' });
    // Two streams of job varlogs: the last value of each series in its bucket (1568404331.339's 4.45 wins), per second.
    const logs = series!.series.find((s) => s.metric === 'logs')!.values;
    expect(logs.at(-1)! * 60).toBeCloseTo(4.45, 4);
  });

  it('merged with span metrics of the same window, error lines that came with failing requests are not a second suspect', async () => {
    const model = generateFleet({ services: 200, buckets: 60, seed: 8, fault: { kind: 'errors', place: 'middle' } });
    const prom = await startLoopback(fakePrometheus({ model, startSeconds: START, stepSeconds: 60 }));
    const loki = await startLoopback(fakeLokiMetrics(model, START, 60));
    servers.push(prom, loki);
    h = await sourceHarness();
    await h.add({ name: 'prom', kind: 'prometheus', url: prom.url });
    await h.add({ name: 'loki', kind: 'loki', url: loki.url });
    const query = { ...WINDOW, buckets: 60 };
    const ids = [];
    for (const source of ['prom', 'loki']) ids.push((await h.finished(await h.client.pullAggregates({ source, query }))).loadId!);
    const report = await h.client.fleetReport({ loadIds: ids, confirm: false });
    expect(report!.sources.map((s) => s.name)).toEqual(['prom', 'loki']);
    expect(report!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'errors' });
    // Its error lines changed too, explained by its own failing requests.
    expect(report!.changes.find((c) => c.service === model.fault!.service && c.kind === 'error-logs')).toMatchObject({ explainedBy: model.fault!.service });
    expect(report!.suspects.some((s) => s.kind === 'error-logs' && s.service === model.fault!.service)).toBe(false);

    // Loki alone still finds the service whose error lines rose first.
    const alone = await h.client.fleetReport({ loadIds: [ids[1]!], confirm: false });
    expect(alone!.suspects[0]).toMatchObject({ service: model.fault!.service, kind: 'error-logs' });
  });
});
