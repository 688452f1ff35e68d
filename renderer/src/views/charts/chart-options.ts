import type { EChartsCoreOption } from 'echarts/core';
import type { ServiceCharts } from '../../../../shared/views/charts-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import type { ChartColors } from './chart-colors.js';
import { axisExtentMs, axisTimeLabel, heatmapData, latencySeries, nsToMs, rateSeries, visibleVersions } from './chart-data.js';

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
    legend: { top: 4, left: 96, textStyle: { color: colors.muted }, itemWidth: 14, itemHeight: 8 },
  };
}

function windowMs(charts: ServiceCharts): number {
  return charts.startNs === null || charts.endNs === null ? 0 : nsToMs(charts.endNs) - nsToMs(charts.startNs);
}

/** A time axis spanning exactly the buckets, so the three charts (and the heatmap's columns) line up. */
function timeAxis(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone) {
  const span = windowMs(charts);
  const extent = axisExtentMs(charts);
  return {
    type: 'time',
    ...(extent === null ? {} : { min: extent[0], max: extent[1] }),
    axisLine: { lineStyle: { color: colors.border } },
    axisLabel: { color: colors.muted, hideOverlap: true, formatter: (value: number) => axisTimeLabel(value, span, timeZone) },
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
    label: { color: colors.warn, formatter: '{b}', position: 'end' },
    data: versions.map((v) => ({ name: v.version, xAxis: v.timeMs })),
  };
}

export function latencyOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  const series = latencySeries(charts);
  // p99 dashed: with few requests in a bucket p95 and p99 are the same request, and the lines coincide.
  const line = (name: string, data: unknown[], color: string, type: 'solid' | 'dashed' = 'solid') => ({
    name,
    type: 'line',
    data,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width: 1.5, color, type },
    itemStyle: { color },
  });
  return {
    ...base(colors, timeZone),
    tooltip: { ...(base(colors, timeZone).tooltip as object), valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '–') },
    xAxis: timeAxis(charts, colors, timeZone),
    yAxis: valueAxis(colors, 'ms'),
    series: [
      { ...line('p50', series.p50, colors.info), markLine: versionMarkLine(charts, colors) },
      line('p95', series.p95, colors.warn),
      line('p99', series.p99, colors.error, 'dashed'),
    ],
  };
}

export function rateOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  const series = rateSeries(charts);
  return {
    ...base(colors, timeZone),
    xAxis: timeAxis(charts, colors, timeZone),
    yAxis: [valueAxis(colors, 'req/s'), valueAxis(colors, 'errors %', { min: 0, splitLine: { show: false } })],
    series: [
      {
        name: 'requests/s',
        type: 'bar',
        data: series.requests,
        itemStyle: { color: colors.accent, opacity: 0.75 },
        barWidth: '60%',
        barMaxWidth: 48,
        markLine: versionMarkLine(charts, colors),
      },
      { name: 'error %', type: 'line', yAxisIndex: 1, data: series.errorPercent, showSymbol: false, lineStyle: { color: colors.error, width: 1.5 }, itemStyle: { color: colors.error } },
    ],
  };
}

export function heatmapOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  const data = heatmapData(charts);
  const span = windowMs(charts);
  const formatTime = (ms: number) => axisTimeLabel(ms, span, timeZone);
  return {
    ...base(colors, timeZone),
    grid: { left: 56, right: 56, top: 20, bottom: 28 },
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
      // From 1: an empty cell is not drawn at all, so the faintest colour means "one request".
      min: 1,
      max: Math.max(2, data.maxCount),
      calculable: false,
      orient: 'vertical',
      right: 4,
      top: 'middle',
      itemHeight: 90,
      itemWidth: 10,
      textStyle: { color: colors.muted },
      inRange: { color: colors.heat },
    },
    series: [{ name: 'requests', type: 'heatmap', data: data.cells, progressive: 0 }],
  };
}
