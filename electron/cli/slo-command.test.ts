import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryReport, SloDefinition, SloStatus } from '../../shared/slo/types.js';
import { DEMO_FILE } from '../core/core.js';
import { runCasefile } from './test-support/run-casefile.js';

/** `casefile slo …` and `casefile canary` through the real bin, on the demo incident. */
let dir: string;
const casefile = (args: string[]) => runCasefile([...args, '--db', join(dir, 'cache.sqlite')]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-slo-'));
  expect((await casefile(['import', DEMO_FILE])).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('casefile slo and canary', { timeout: 120_000 }, () => {
  it('gives the canary verdict on the demo ads service in words and as the documented JSON', async () => {
    const text = await casefile(['canary', '--service', 'ads']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/ROLLBACK: 2\.0\.0-canary is slower than 1\.4\.2 \(.*\): roll back/);
    const run = await casefile(['canary', '--service', 'ads', '--json']);
    const report = JSON.parse(run.stdout) as CanaryReport;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['service', 'split', 'baseline', 'groups', 'verdict', 'statement']));
    expect(report).toMatchObject({ service: 'ads', split: 'service.version', baseline: '1.4.2', verdict: 'rollback' });
    for (const g of report.groups) expect(Object.keys(g)).toEqual(expect.arrayContaining(['value', 'requests', 'errorRate', 'p50Ns', 'p95Ns', 'p99Ns', 'pValue']));
  });

  it('refuses a service with one version as a usage error naming it', async () => {
    const run = await casefile(['canary', '--service', 'cart']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('casefile: cart has one service.version (2.3.0) in this window: a canary needs two or more\n');
  });

  it('adds, lists, reports and removes SLOs, refusing bad flags by name', async () => {
    expect((await casefile(['slo', 'add', 'fe-latency', '--service', 'frontend', '--threshold', '500ms', '--target', '99'])).code).toBe(0);
    expect((await casefile(['slo', 'add', 'fe-avail', '--service', 'frontend', '--availability', '99.9', '--bad', 'http-5xx'])).code).toBe(0);
    const list = JSON.parse((await casefile(['slo', 'list', '--json'])).stdout) as SloDefinition[];
    expect(list.map((s) => s.name)).toEqual(['fe-avail', 'fe-latency']);
    const status = JSON.parse((await casefile(['slo', 'status', 'fe-latency', '--json'])).stdout) as SloStatus[];
    expect(status[0]!.events).toBe(300);
    expect(status[0]!.compliance).toBeLessThan(0.99);
    const text = await casefile(['slo', 'status']);
    expect(text.stdout).toMatch(/fe-latency\s+99% under 500 ms\s+300/);

    const bad = await casefile(['slo', 'add', 'x', '--service', 'frontend', '--availability', '120']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--availability must be a percentage between 0 and 100');
    expect((await casefile(['slo', 'add', 'x', '--service', 'frontend', '--threshold', '5ms'])).stderr).toContain('--threshold needs --target');
    expect((await casefile(['slo', 'status', 'nosuch'])).stderr).toContain('no SLO named nosuch');

    expect((await casefile(['slo', 'remove', 'fe-avail'])).code).toBe(0);
    expect((await casefile(['slo', 'remove', 'fe-avail'])).code).toBe(2);
  });
});
