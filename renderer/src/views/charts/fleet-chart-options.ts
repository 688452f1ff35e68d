import type { EChartsCoreOption } from 'echarts/core';
import type { FleetServiceSeries } from '../../../../shared/contract/fleet-calls.js';
import type { FleetMetric } from '../../../../shared/fleet/types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import type { ChartColors } from './chart-colors.js';
import { valueAxis } from './chart-options.js';

/**
 * A fleet suspect's own series as the backend counted them: latency percentiles on one chart, request rate and error
 * share on another, both over the answer's buckets (each point at its bucket's end), with the onset marked.
 */
export interface FleetChartInput {
  answer: FleetServiceSeries;
  service: string;
  onsetNs: string | null;
}

const GRID = { left: 52, right: 52, top: 30, bottom: 26 };

export function fleetLatencyOption(input: FleetChartInput, colors: ChartColors, timeZone: WorkbenchState['timeZone']): EChartsCoreOption {
  const { percentiles } = colors;
  const line = (metric: FleetMetric, color: string, dashed = false) => ({
    name: metric,
    type: 'line',
    data: points(input, metric),
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 2, color, type: dashed ? 'dashed' : 'solid' },
    itemStyle: { color },
  });
  return {
    ...base(colors, timeZone),
    tooltip: { ...tooltip(colors), valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '–') },
    yAxis: valueAxis(colors, 'ms'),
    series: [{ ...line('p50', percentiles.p50), markLine: onsetLine(input, colors) }, line('p95', percentiles.p95), line('p99', percentiles.p99, true)],
  };
}

export function fleetTrafficOption(input: FleetChartInput, colors: ChartColors, timeZone: WorkbenchState['timeZone']): EChartsCoreOption {
  const rate = points(input, 'rate');
  const errors = points(input, 'errors');
  const share = rate.map(([t, r], i) => [t, r === null || r <= 0 || errors[i]![1] === null ? null : (100 * errors[i]![1]!) / r]);
  return {
    ...base(colors, timeZone),
    tooltip: tooltip(colors),
    yAxis: [valueAxis(colors, 'req/s'), valueAxis(colors, 'errors %', { min: 0, splitLine: { show: false } })],
    series: [
      { name: 'requests/s', type: 'line', data: rate, showSymbol: false, lineStyle: { width: 2, color: colors.accent }, itemStyle: { color: colors.accent }, markLine: onsetLine(input, colors) },
      { name: 'errors %', type: 'line', yAxisIndex: 1, data: share, showSymbol: false, lineStyle: { width: 2, color: colors.error }, itemStyle: { color: colors.error } },
    ],
  };
}

/** [time ms, value] per bucket of the service's own series of `metric` (empty without one). */
export function points(input: FleetChartInput, metric: FleetMetric): [number, number | null][] {
  const series = input.answer.series.find((s) => s.scope === 'service' && s.service === input.service && s.metric === metric);
  const startMs = Number(BigInt(input.answer.startNs) / 1_000_000n);
  const stepMs = Number(BigInt(input.answer.stepNs) / 1_000_000n);
  return Array.from({ length: input.answer.buckets }, (_, i) => [startMs + (i + 1) * stepMs, series?.values[i] ?? null]);
}

function onsetLine(input: FleetChartInput, colors: ChartColors) {
  if (input.onsetNs === null) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: colors.warn, width: 1.5 },
    label: { color: colors.warn, formatter: 'onset', position: 'end' },
    data: [{ xAxis: Number(BigInt(input.onsetNs) / 1_000_000n) }],
  };
}

function base(colors: ChartColors, timeZone: WorkbenchState['timeZone']): EChartsCoreOption {
  return {
    animation: false,
    useUTC: timeZone === 'utc',
    textStyle: { color: colors.text, fontFamily: 'inherit' },
    grid: GRID,
    legend: { top: 2, left: 96, textStyle: { color: colors.muted }, itemWidth: 14, itemHeight: 8 },
    xAxis: { type: 'time', axisLine: { lineStyle: { color: colors.border } }, axisLabel: { color: colors.muted, hideOverlap: true }, splitLine: { show: false } },
  };
}

function tooltip(colors: ChartColors) {
  return { trigger: 'axis', backgroundColor: colors.panel, borderColor: colors.border, textStyle: { color: colors.text, fontSize: 12 } };
}
