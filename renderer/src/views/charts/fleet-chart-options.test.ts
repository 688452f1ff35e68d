import { describe, expect, it } from 'vitest';
import type { ChartColors } from './chart-colors.js';
import { fleetLatencyOption, fleetTrafficOption, points } from './fleet-chart-options.js';

const colors = { text: 't', muted: 'm', border: 'b', panel: 'p', accent: 'a', error: 'e', warn: 'w', info: 'i', debug: 'd', ok: 'o', highlight: 'h', heat: [], percentiles: { p50: '1', p95: '2', p99: '3' } } as ChartColors;
const answer = {
  startNs: '1700000000000000000',
  stepNs: '60000000000',
  buckets: 3,
  series: [
    { scope: 'service' as const, service: 'ads', peer: '', metric: 'p95' as const, values: [10, null, 500] },
    { scope: 'service' as const, service: 'ads', peer: '', metric: 'rate' as const, values: [100, 0, 50] },
    { scope: 'service' as const, service: 'ads', peer: '', metric: 'errors' as const, values: [1, 0, 25] },
    { scope: 'edge' as const, service: 'web', peer: 'ads', metric: 'p95' as const, values: [1, 1, 1] },
  ],
};

describe('fleet suspect charts', () => {
  it('puts each bucket at its end, keeps gaps, and marks the onset', () => {
    expect(points({ answer, service: 'ads', onsetNs: null }, 'p95')).toEqual([
      [1_700_000_060_000, 10],
      [1_700_000_120_000, null],
      [1_700_000_180_000, 500],
    ]);
    const latency = fleetLatencyOption({ answer, service: 'ads', onsetNs: '1700000120000000000' }, colors, 'utc') as { series: { markLine?: { data: unknown[] } }[] };
    expect(latency.series[0]!.markLine!.data).toEqual([{ xAxis: 1_700_000_120_000 }]);
  });

  it('shows the error share of the requests, nothing where there were none', () => {
    const traffic = fleetTrafficOption({ answer, service: 'ads', onsetNs: null }, colors, 'utc') as { series: { data: [number, number | null][] }[] };
    expect(traffic.series[1]!.data.map((p) => p[1])).toEqual([1, null, 50]);
  });
});
