import type { EChartsCoreOption } from 'echarts/core';
import type { ServiceCharts } from '../../../../shared/views/charts-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import type { ChartColors } from './chart-colors.js';
import { heatmapData, latencySeries, rateSeries, visibleVersions } from './chart-data.js';

type TimeZone = WorkbenchState['timeZone'];

/** What every chart shares: axes coloured by the theme, times shown in the workbench's zone. */
function base(colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  return {
    animation: false,
    useUTC: timeZone === 'utc',
    textStyle: { color: colors.text, fontFamily: 'inherit' },
    grid: { left: 56, right: 56, top: 34, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: colors.panel,
      borderColor: colors.border,
      textStyle: { color: colors.text, fontSize: 12 },
    },
    legend: { top: 4, right: 8, textStyle: { color: colors.muted }, itemWidth: 14, itemHeight: 8 },
  };
}

function timeAxis(colors: ChartColors) {
  return {
    type: 'time',
    axisLine: { lineStyle: { color: colors.border } },
    axisLabel: { color: colors.muted, hideOverlap: true },
    splitLine: { show: false },
  };
}

function valueAxis(colors: ChartColors, name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value',
    name,
    nameTextStyle: { color: colors.muted, align: 'left' },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.border, type: 'dashed' } },
    ...extra,
  };
}

/** A vertical line and label where each service.version first appeared. */
function versionMarkLine(charts: ServiceCharts, colors: ChartColors) {
  const versions = visibleVersions(charts);
  if (versions.length === 0) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: colors.warn, type: 'solid', width: 1.5 },
    label: { color: colors.warn, formatter: '{b}', position: 'insideEndTop' },
    data: versions.map((v) => ({ name: v.version, xAxis: v.timeMs })),
  };
}

export function latencyOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  const series = latencySeries(charts);
  const line = (name: string, data: unknown[], color: string) => ({
    name,
    type: 'line',
    data,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.5, color },
    itemStyle: { color },
  });
  return {
    ...base(colors, timeZone),
    tooltip: { ...(base(colors, timeZone).tooltip as object), valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '–') },
    xAxis: timeAxis(colors),
    yAxis: valueAxis(colors, 'ms'),
    series: [
      { ...line('p50', series.p50, colors.info), markLine: versionMarkLine(charts, colors) },
      line('p95', series.p95, colors.warn),
      line('p99', series.p99, colors.error),
    ],
  };
}

export function rateOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  const series = rateSeries(charts);
  return {
    ...base(colors, timeZone),
    xAxis: timeAxis(colors),
    yAxis: [valueAxis(colors, 'req/s'), valueAxis(colors, 'errors %', { min: 0, splitLine: { show: false } })],
    series: [
      { name: 'requests/s', type: 'bar', data: series.requests, itemStyle: { color: colors.accent, opacity: 0.75 }, barMaxWidth: 18, markLine: versionMarkLine(charts, colors) },
      { name: 'error %', type: 'line', yAxisIndex: 1, data: series.errorPercent, showSymbol: false, lineStyle: { color: colors.error, width: 1.5 }, itemStyle: { color: colors.error } },
    ],
  };
}

export function heatmapOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone, formatTime: (ms: number) => string): EChartsCoreOption {
  const data = heatmapData(charts);
  return {
    ...base(colors, timeZone),
    grid: { left: 56, right: 56, top: 12, bottom: 28 },
    tooltip: {
      ...(base(colors, timeZone).tooltip as object),
      trigger: 'item',
      formatter: (params: { value?: unknown }) => {
        const [x, y, n] = (params.value ?? []) as number[];
        const time = data.timesMs[x ?? 0];
        return `${time === undefined ? '' : formatTime(time)}<br/>≥ ${data.durationLabels[y ?? 0] ?? ''}: ${n ?? 0} requests`;
      },
    },
    legend: undefined,
    xAxis: {
      type: 'category',
      data: data.timesMs.map(formatTime),
      axisLine: { lineStyle: { color: colors.border } },
      axisLabel: { color: colors.muted, hideOverlap: true },
      splitArea: { show: false },
    },
    yAxis: { type: 'category', data: data.durationLabels, axisLabel: { color: colors.muted }, splitArea: { show: false } },
    visualMap: {
      min: 0,
      max: Math.max(1, data.maxCount),
      calculable: false,
      orient: 'vertical',
      right: 4,
      top: 'middle',
      itemHeight: 90,
      itemWidth: 10,
      textStyle: { color: colors.muted },
      inRange: { color: [colors.panel, colors.info, colors.warn, colors.error] },
    },
    series: [{ name: 'requests', type: 'heatmap', data: data.cells, progressive: 0 }],
  };
}
