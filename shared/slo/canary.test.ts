import { describe, expect, it } from 'vitest';
import { CanaryUsageError, canaryVerdict, type SplitSample } from './canary.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function sample(value: string, n: number, baseMs: number, errorRate: number, firstNs: bigint, seed: number): SplitSample {
  const random = rng(seed);
  const durations = Float64Array.from({ length: n }, () => (baseMs + random() * baseMs) * 1e6);
  let errors = 0;
  for (let i = 0; i < n; i++) if (random() < errorRate) errors++;
  return { value, durationsNs: durations, errors, firstNs, slowestTraceIds: [`${value}-slowest`] };
}

const options = { service: 'ads', split: 'service.version' };

describe('canaryVerdict', () => {
  it('calls a rollback on a canary that adds 500 ms, naming both versions and the sample sizes', () => {
    const report = canaryVerdict([sample('1.4.2', 1198, 200, 0.01, 1n, 1), sample('2.0.0-canary', 1204, 700, 0.01, 2n, 2)], options);
    expect(report.verdict).toBe('rollback');
    expect(report.baseline).toBe('1.4.2');
    expect(report.statement).toMatch(/^2\.0\.0-canary is slower than 1\.4\.2 \(p99 .* p < 0\.001, 1,204 vs 1,198 requests\): roll back$/);
    expect(report.worstTraceIds).toEqual(['2.0.0-canary-slowest']);
    expect(report.candidate).toBe('2.0.0-canary');
    expect(report.groups.find((g) => g.value === '1.4.2')!.pValue).toBeNull();
  });

  it('calls a rollback on more errors alone, and names a broken SLO when there is one', () => {
    const slos = [{ name: 'ads-availability', target: 0.99, compliance: { '1.4.2': 0.995, '2.0.0': 0.94 } }];
    const report = canaryVerdict([sample('1.4.2', 2000, 200, 0.005, 1n, 3), sample('2.0.0', 2000, 200, 0.06, 2n, 4)], { ...options, slos });
    expect(report.verdict).toBe('rollback');
    expect(report.statement).toContain('2.0.0 breaks ads-availability that 1.4.2 keeps (errors');
  });

  it('promotes a canary that is no worse once both have enough requests', () => {
    const report = canaryVerdict([sample('1.4.2', 3000, 200, 0.01, 1n, 5), sample('1.5.0', 3000, 200, 0.01, 2n, 6)], options);
    expect(report.verdict).toBe('promote');
    expect(report.candidate).toBeNull();
    expect(report.statement).toMatch(/promote$/);
  });

  it('is inconclusive with too few canary requests, saying how many more it needs', () => {
    const report = canaryVerdict([sample('1.4.2', 1200, 200, 0.01, 1n, 7), sample('2.0.0', 38, 200, 0.01, 2n, 8)], options);
    expect(report.verdict).toBe('inconclusive');
    expect(report.candidate).toBe('2.0.0');
    expect(report.statement).toMatch(/^no significant difference yet: 38 requests on 2\.0\.0 \(1,200 on 1\.4\.2\), need ~[\d,]+$/);
  });

  it('refuses a service with one version, and an unknown baseline, by name', () => {
    expect(() => canaryVerdict([sample('1.4.2', 10, 200, 0, 1n, 9)], options)).toThrow(CanaryUsageError);
    expect(() => canaryVerdict([sample('1.4.2', 10, 200, 0, 1n, 9)], options)).toThrow('ads has one service.version (1.4.2)');
    expect(() => canaryVerdict([sample('a', 10, 1, 0, 1n, 1), sample('b', 10, 1, 0, 2n, 2)], { ...options, baseline: 'c' })).toThrow('no service.version "c"');
  });

  it('takes the version that served first as the baseline, unless it served only a trickle', () => {
    const old = sample('old', 1000, 200, 0, 1n, 10);
    const next = sample('new', 1000, 200, 0, 5n, 11);
    expect(canaryVerdict([next, old], options).baseline).toBe('old');
    const trickle = sample('old', 50, 200, 0, 1n, 12);
    expect(canaryVerdict([next, trickle], options).baseline).toBe('new');
  });
});
