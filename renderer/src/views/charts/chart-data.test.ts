import { describe, expect, it } from 'vitest';
import type { ServiceCharts } from '../../../../shared/views/charts-types.js';
import { axisExtentMs, axisTimeLabel, brushedWindow, formatDurationLabel, heatPieces, latencySeries, msToNs, nsToMs, rateSeries, versionImpact, versionVerdicts, visibleVersions } from './chart-data.js';

const T0 = 1_760_000_000_000_000_000n;
const MINUTE = 60_000_000_000n;
const at = (minutes: number) => (T0 + BigInt(minutes) * MINUTE).toString();

const charts: ServiceCharts = {
  service: 'ads',
  operation: null,
  basis: 'entry',
  bucketNs: Number(MINUTE),
  startNs: at(0),
  endNs: at(3),
  buckets: [
    { startNs: at(0), count: 120, errors: 6, p50Ns: 20e6, p95Ns: 40e6, p99Ns: 90e6 },
    { startNs: at(1), count: 0, errors: 0, p50Ns: null, p95Ns: null, p99Ns: null },
    { startNs: at(2), count: 60, errors: 0, p50Ns: 520e6, p95Ns: 560e6, p99Ns: 700e6 },
  ],
  heatmap: { durationBoundsNs: [1e7, 1.78e7], cells: [[0, 0, 120]] },
  versions: [
    { version: '1.4.2', firstNs: (T0 - MINUTE).toString() },
    { version: '2.0.0-canary', firstNs: at(2) },
  ],
};

describe('chart data', () => {
  it('converts ns to ms and back exactly at millisecond precision', () => {
    expect(nsToMs(at(1))).toBe(1_760_000_060_000);
    expect(msToNs(1_760_000_060_000)).toBe(at(1));
    expect(msToNs(1.5)).toBe('1500000');
  });

  it('draws latency in ms with gaps for empty buckets', () => {
    const series = latencySeries(charts);
    expect(series.p95.map(([, v]) => v)).toEqual([40, null, 560]);
    // Points sit mid-bucket, above the heatmap column of the same bucket.
    expect(series.p50[0]![0]).toBe(nsToMs(at(0)) + 30_000);
    expect(axisExtentMs(charts)).toEqual([nsToMs(at(0)), nsToMs(at(3))]);
  });

  it('gives requests per second and the error percentage, a gap where nothing ran', () => {
    const series = rateSeries(charts);
    expect(series.requests.map(([, v]) => v)).toEqual([2, 0, 1]);
    expect(series.errorPercent.map(([, v]) => v)).toEqual([5, null, 0]);
  });

  it('marks only versions first seen inside the window', () => {
    expect(visibleVersions(charts).map((v) => v.version)).toEqual(['2.0.0-canary']);
  });

  it('turns a brushed time range into a window, in either drag direction', () => {
    expect(brushedWindow([nsToMs(at(2)), nsToMs(at(1))], 'time', charts)).toEqual({ startNs: at(1), endNs: at(2) });
    expect(brushedWindow([5, 5], 'time', charts)).toBeNull();
  });

  it('turns brushed heatmap columns into the window from the first bucket start to the last bucket end', () => {
    expect(brushedWindow([1, 2], 'category', charts)).toEqual({ startNs: at(1), endNs: at(3) });
  });

  it('labels durations briefly', () => {
    expect(formatDurationLabel(1e7)).toBe('10 ms');
    expect(formatDurationLabel(1.78e7)).toBe('18 ms');
    expect(formatDurationLabel(5.62e8)).toBe('562 ms');
    expect(formatDurationLabel(1.78e9)).toBe('1.8 s');
    expect(formatDurationLabel(3162)).toBe('3.2 µs');
  });
});

describe('versionImpact', () => {
  it('compares the typical bucket p95 before and after the latest version change', () => {
    expect(versionImpact(charts)).toEqual({ version: '2.0.0-canary', beforeMs: 40, afterMs: 560 });
  });

  it('is null without a change inside the window', () => {
    expect(versionImpact({ ...charts, versions: charts.versions.slice(0, 1) })).toBeNull();
  });
});

describe('axisTimeLabel', () => {
  it('shows as much of the time as the window needs', () => {
    const ms = nsToMs(at(0)) + 194; // 2025-10-09 08:53:20.194 UTC
    expect(axisTimeLabel(ms, 5_000, 'utc')).toBe('08:53:20.194');
    expect(axisTimeLabel(ms, 600_000, 'utc')).toBe('08:53:20');
    expect(axisTimeLabel(ms, 7_200_000, 'utc')).toBe('08:53');
    expect(axisTimeLabel(ms, 3 * 86_400_000, 'utc')).toBe('10-09 08:53');
  });
});

describe('heatPieces', () => {
  it('covers 1 to the busiest cell in contiguous numbered bands, one per colour', () => {
    const pieces = heatPieces(250, 5);
    expect(pieces[0]!.min).toBe(1);
    expect(pieces.at(-1)!.max).toBe(250);
    expect(pieces.length).toBeLessThanOrEqual(5);
    pieces.slice(1).forEach((p, i) => expect(p.min).toBe(pieces[i]!.max + 1));
    expect(pieces.map((p) => p.label)).toContain('1–3');
  });

  it('uses single numbers when there are few requests', () => {
    expect(heatPieces(2, 5).map((p) => p.label)).toEqual(['1', '2']);
    expect(heatPieces(0, 5).map((p) => p.label)).toEqual(['1']);
  });
});

describe('versionVerdicts', () => {
  const group = (value: string) => ({ value, requests: 100, share: 0.5, errorRate: 0, p50Ns: '1', p95Ns: '1', p99Ns: '1', pValue: null, latencyPValue: null, errorPValue: null, firstNs: '0' });
  const report = (verdict: 'rollback' | 'promote' | 'inconclusive', candidate: string | null) => ({
    service: 'ads',
    split: 'service.version',
    baseline: '1.4.2',
    groups: [group('1.4.2'), group('2.0.0-canary')],
    verdict,
    statement: '',
    slos: [],
    worstTraceIds: [],
    baselineTraceId: null,
    candidate,
  });

  it('puts the verdict on the version it is about, and marks the baseline', () => {
    expect([...versionVerdicts(report('rollback', '2.0.0-canary'))]).toEqual([['1.4.2', 'baseline'], ['2.0.0-canary', 'roll back']]);
    expect(versionVerdicts(report('promote', null)).get('2.0.0-canary')).toBe('promote');
    expect(versionVerdicts(report('inconclusive', '2.0.0-canary')).get('2.0.0-canary')).toBe('too early to tell');
    expect(versionVerdicts(null).size).toBe(0);
  });
});
