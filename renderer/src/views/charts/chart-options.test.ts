import { describe, expect, it } from 'vitest';
import type { ServiceCharts } from '../../../../shared/views/charts-types.js';
import type { ChartColors } from './chart-colors.js';
import { heatmapOption, latencyOption, rateOption } from './chart-options.js';

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
  buckets: [0, 1, 2].map((m) => ({ startNs: at(m), count: 10, errors: 0, p50Ns: 1e7, p95Ns: 2e7, p99Ns: 3e7 })),
  heatmap: { durationBoundsNs: [1e7, 2e7], cells: [[0, 0, 4], [2, 1, 120]] },
  versions: [],
};

const colors: ChartColors = {
  text: '#eee',
  muted: '#999',
  border: '#333',
  panel: '#111',
  accent: '#5b9cf5',
  error: '#f2495c',
  warn: '#ff9830',
  info: '#5b9cf5',
  debug: '#888',
  ok: '#0f0',
  highlight: '#ff0',
  heat: ['#1', '#2', '#3', '#4', '#5'],
  percentiles: { p50: '#a', p95: '#b', p99: '#c' },
};

type Axis = { min?: number; max?: number; type: string };
const xAxis = (option: object) => (option as { xAxis: Axis }).xAxis;
const grid = (option: object) => (option as { grid: { left: number; right: number } }).grid;

describe('chart options', () => {
  it('gives the three charts one time axis (same min and max) and the same side margins, so their times line up', () => {
    const options = [latencyOption(charts, colors, 'utc'), heatmapOption(charts, colors, 'utc'), rateOption(charts, colors, 'utc')];
    for (const option of options) {
      expect(xAxis(option).type).toBe('time');
      expect(xAxis(option).min).toBe(xAxis(options[0]!).min);
      // The end of the last bucket: the heatmap used to end at the last bucket's start.
      expect(xAxis(option).max).toBe(Number((T0 + 3n * MINUTE) / 1_000_000n));
      expect([grid(option).left, grid(option).right]).toEqual([grid(options[0]!).left, grid(options[0]!).right]);
    }
  });

  it('draws no ECharts bar series: those widen a time axis by half a bar and shift it against the others', () => {
    const types = (rateOption(charts, colors, 'utc') as { series: { type: string }[] }).series.map((s) => s.type);
    expect(types).not.toContain('bar');
  });

  it('draws p95 and p99 in their own colours, p99 dashed on top', () => {
    const series = (latencyOption(charts, colors, 'utc') as { series: { name: string; lineStyle: { color: string; type: string }; z: number }[] }).series;
    const byName = Object.fromEntries(series.map((s) => [s.name, s]));
    expect(byName.p95!.lineStyle.color).toBe('#b');
    expect(byName.p99!.lineStyle.color).toBe('#c');
    expect(byName.p99!.lineStyle.type).toBe('dashed');
    expect(byName.p99!.z).toBeGreaterThan(byName.p95!.z);
  });

  it('labels the heatmap colours with request counts', () => {
    const visualMap = (heatmapOption(charts, colors, 'utc') as { visualMap: { pieces: { label: string }[] } }).visualMap;
    expect(visualMap.pieces.map((p) => p.label).at(-1)).toMatch(/–120$/);
  });
});
