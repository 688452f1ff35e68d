import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../shared/analysis/types.js';
import type { FleetReport } from '../../shared/fleet/types.js';
import type { PullJob } from '../../shared/source-pulls.js';
import { fakePrometheus } from '../core/fleet/test-support/fake-prometheus.js';
import { generateFleet } from '../core/fleet/test-support/fleet-model.js';
import { modelTraces } from '../core/fleet/test-support/model-traces.js';
import { fakeJaegerV1 } from '../core/sources/test-support/fake-jaeger.js';
import { startLoopback, type Loopback } from '../core/sources/test-support/loopback.js';
import { runCasefile } from './test-support/run-casefile.js';

/** `casefile fleet` and `casefile pull --exemplars` through the real bin, against a generated 500-service fleet. */
const START = 1_760_000_000;
const STEP = 60;
const BUCKETS = 60;
const FROM = new Date(START * 1000).toISOString();
const TO = new Date((START + STEP * BUCKETS) * 1000).toISOString();
const model = generateFleet({ services: 500, buckets: BUCKETS, seed: 21, fault: { kind: 'errors', place: 'middle' } });
const culprit = model.fault!.service;

let dir: string;
let prom: Loopback;
let jaeger: Loopback;
const casefile = (args: string[]) => runCasefile([...args, '--db', join(dir, 'cache.sqlite')]);
const json = <T>(run: { stdout: string; stderr: string }) => {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON: ${run.stdout.slice(0, 200)} / ${run.stderr}`);
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-fleet-'));
  prom = await startLoopback(fakePrometheus({ model, startSeconds: START, stepSeconds: STEP }));
  jaeger = await startLoopback(fakeJaegerV1(modelTraces(model, { startSeconds: START, stepSeconds: STEP })));
  await casefile(['source', 'add', 'prom', '--kind', 'prometheus', '--url', prom.url, '--span-metrics', 'otel-collector']);
  await casefile(['source', 'add', 'jaeger', '--kind', 'jaeger', '--url', jaeger.url]);
});
afterAll(async () => {
  await prom.close();
  await jaeger.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('casefile fleet', { timeout: 120_000 }, () => {
  it('names the changed service from the aggregates, pulls its exemplars, and analyze confirms it', async () => {
    const run = await casefile(['fleet', '--from', FROM, '--to', TO, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = json<FleetReport>(run);
    expect(report.suspects[0]).toMatchObject({ rank: 1, service: culprit, kind: 'errors', basis: 'aggregates' });
    expect(report.services).toHaveLength(500);
    expect(report.sources[0]).toMatchObject({ name: 'prom' });
    expect(Object.keys(report)).toEqual(['sources', 'startNs', 'endNs', 'stepNs', 'buckets', 'onsetNs', 'suspects', 'changes', 'services', 'edges', 'calls']);

    const withSeries = json<FleetReport>(await casefile(['fleet', '--from', FROM, '--to', TO, '--series', '--json']));
    const p95 = withSeries.series!.find((s) => s.scope === 'service' && s.service === culprit && s.metric === 'errors')!;
    expect(p95.values).toHaveLength(60);
    expect(withSeries.series!.some((s) => s.scope === 'edge')).toBe(true);

    const human = await casefile(['fleet', '--from', FROM, '--to', TO]);
    expect(human.stdout).toContain(`500 services`);
    expect(human.stdout).toMatch(new RegExp(`1\\s+${culprit}\\s`));

    const exemplars = await casefile(['pull', '--exemplars', '--service', culprit, '--source', 'jaeger', '--json']);
    expect(exemplars.code, exemplars.stderr).toBe(0);
    const pulled = json<{ exemplars: { label: string; job: PullJob }[] }>(exemplars);
    expect(pulled.exemplars.map((e) => e.label)).toEqual(['slowest', 'failing', 'normal']);
    expect(pulled.exemplars.every((e) => e.job.state === 'done')).toBe(true);
    const found = Object.fromEntries(pulled.exemplars.map((e) => [e.label, e.job.traces.length]));
    expect(found.failing).toBeGreaterThan(0);
    expect(found.normal).toBe(20);

    const analyzed = json<AnalysisResult>(await casefile(['analyze', '--from', FROM, '--to', TO, '--json']));
    expect(analyzed.suspects.some((s) => s.service === culprit && s.kind === 'error-origin')).toBe(true);

    // Offline now: the fleet question is answered from the cache, and the suspect rests on both.
    await prom.close();
    const again = json<FleetReport>(await casefile(['fleet', '--from', FROM, '--to', TO, '--json']));
    expect(again.suspects[0]).toMatchObject({ service: culprit, basis: 'both' });
  });

  it('refuses what it cannot do, naming the flag', async () => {
    expect((await casefile(['fleet', '--since', '1x'])).stderr).toMatch(/--since must look like 30m/);
    expect((await casefile(['fleet', '--buckets', '3'])).stderr).toMatch(/--buckets must be a whole number from 8 to 720/);
    expect((await casefile(['pull', '--exemplars', '--service', 'x'])).stderr).toMatch(/needs --service S and --source NAME/);
    expect((await casefile(['pull', '--exemplars', '--service', 'x', '--source', 'jaeger', '--edge', 'a:b'])).stderr).toMatch(/does not touch --service x/);
    expect((await casefile(['source', 'add', 'j2', '--kind', 'jaeger', '--url', 'http://x', '--span-metrics', 'tempo'])).stderr).toMatch(/--span-metrics is for prometheus sources, not jaeger/);
    // This jaeger-query has no monitor API: the pull fails naming the request, and nothing is ranked.
    const fleetOfJaeger = await casefile(['fleet', '--source', 'jaeger']);
    expect(fleetOfJaeger.code).toBe(1);
    expect(fleetOfJaeger.stderr).toMatch(/^casefile: source "jaeger": GET \/api\/metrics\/calls\?.*404/);
  });
});
