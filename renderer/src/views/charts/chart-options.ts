import type { EChartsCoreOption } from 'echarts/core';
import type { ServiceCharts } from '../../../../shared/views/charts-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import type { ChartColors } from './chart-colors.js';
import { axisExtentMs, axisTimeLabel, heatmapData, heatPieces, latencySeries, nsToMs, rateSeries, visibleVersions } from './chart-data.js';

type TimeZone = WorkbenchState['timeZone'];

/** One grid for all three charts: with the same margins and time axis their times line up vertically. */
const GRID = { left: 56, right: 76, top: 34, bottom: 28 };

/** What every chart shares: axes coloured by the theme, times shown in the workbench's zone. */
function base(colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  return {
    animation: false,
    useUTC: timeZone === 'utc',
    textStyle: { color: colors.text, fontFamily: 'inherit' },
    grid: GRID,
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

export function valueAxis(colors: ChartColors, name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value',
    name,
    nameTextStyle: { color: colors.muted, align: 'left' },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.border, type: 'dashed' } },
    ...extra,
  };
}

/**
 * Words added to a version's marker: the canary verdict on it ("roll back", "promote", "too early to tell"), so the
 * line where the slowdown starts also says what to do about it.
 */
export type VersionVerdicts = ReadonlyMap<string, string>;

/** A vertical line and label where each service.version first appeared, with the verdict on it when there is one. */
function versionMarkLine(charts: ServiceCharts, colors: ChartColors, verdicts: VersionVerdicts) {
  const versions = visibleVersions(charts);
  if (versions.length === 0) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: colors.warn, type: 'solid', width: 1.5 },
    label: { color: colors.warn, formatter: '{b}', position: 'end' },
    data: versions.map((v) => ({ name: verdicts.has(v.version) ? `${v.version} · ${verdicts.get(v.version)}` : v.version, xAxis: v.timeMs })),
  };
}

export function latencyOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone, verdicts: VersionVerdicts = new Map()): EChartsCoreOption {
  const series = latencySeries(charts);
  // p99 dashed and drawn on top: with few requests in a bucket p95 and p99 are the same request, and the lines
  // coincide; the dashes let the p95 colour show through.
  const line = (name: string, data: unknown[], color: string, type: 'solid' | 'dashed' = 'solid') => ({
    name,
    type: 'line',
    data,
    showSymbol: false,
    connectNulls: false,
    z: name === 'p99' ? 3 : 2,
    lineStyle: { width: 2, color, type },
    itemStyle: { color },
  });
  const { percentiles } = colors;
  return {
    ...base(colors, timeZone),
    tooltip: { ...(base(colors, timeZone).tooltip as object), valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : '–') },
    xAxis: timeAxis(charts, colors, timeZone),
    yAxis: valueAxis(colors, 'ms'),
    series: [
      { ...line('p50', series.p50, percentiles.p50), markLine: versionMarkLine(charts, colors, verdicts) },
      line('p95', series.p95, percentiles.p95),
      line('p99', series.p99, percentiles.p99, 'dashed'),
    ],
  };
}

/** What a custom series' renderItem reads of its data point and the axes. */
interface CellApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
  size(point: number[]): number[];
  visual(name: 'color'): string;
}

export function rateOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone, verdicts: VersionVerdicts = new Map()): EChartsCoreOption {
  const series = rateSeries(charts);
  return {
    ...base(colors, timeZone),
    xAxis: timeAxis(charts, colors, timeZone),
    yAxis: [valueAxis(colors, 'req/s'), valueAxis(colors, 'errors %', { min: 0, splitLine: { show: false } })],
    series: [
      {
        // Bars drawn as rectangles over their bucket: an ECharts bar series widens a time axis by half a bar on each
        // side, which shifted this chart's times against the other two.
        name: 'requests/s',
        type: 'custom',
        data: series.requests,
        encode: { x: 0, y: 1, tooltip: 1 },
        itemStyle: { color: colors.accent, opacity: 0.75 },
        renderItem: (_params: unknown, api: CellApi) => {
          const middle = api.value(0);
          const half = (charts.bucketNs / 2e6) * 0.6;
          const [left = 0, top = 0] = api.coord([middle - half, api.value(1)]);
          const [right = 0, bottom = 0] = api.coord([middle + half, 0]);
          return { type: 'rect', shape: { x: left, y: top, width: Math.max(1, right - left), height: bottom - top }, style: { fill: colors.accent, opacity: 0.75 } };
        },
        markLine: versionMarkLine(charts, colors, verdicts),
      },
      { name: 'error %', type: 'line', yAxisIndex: 1, data: series.errorPercent, showSymbol: false, lineStyle: { color: colors.error, width: 1.5 }, itemStyle: { color: colors.error } },
    ],
  };
}

/**
 * Cells drawn as rectangles on the same time axis as the other charts (a custom series: ECharts' heatmap needs a
 * category x axis, whose last label is the last bucket's start, so it ended two minutes before the others).
 */
export function heatmapOption(charts: ServiceCharts, colors: ChartColors, timeZone: TimeZone): EChartsCoreOption {
  const data = heatmapData(charts);
  const span = windowMs(charts);
  const formatTime = (ms: number) => axisTimeLabel(ms, span, timeZone);
  const pieces = heatPieces(data.maxCount, colors.heat.length);
  return {
    ...base(colors, timeZone),
    grid: { ...GRID, top: 20 },
    tooltip: {
      ...(base(colors, timeZone).tooltip as object),
      trigger: 'item',
      formatter: (params: { value?: unknown }) => {
        const [time, y, n] = (params.value ?? []) as number[];
        return `${time === undefined ? '' : formatTime(time)}<br/>≥ ${data.durationLabels[y ?? 0] ?? ''}: ${n ?? 0} requests`;
      },
    },
    legend: undefined,
    xAxis: timeAxis(charts, colors, timeZone),
    yAxis: { type: 'category', data: data.durationLabels, axisLabel: { color: colors.muted }, splitArea: { show: false } },
    visualMap: {
      // Numbered bands, one per colour; an empty cell is not drawn at all, so the first band starts at one request.
      type: 'piecewise',
      dimension: 2,
      pieces: pieces.map((p, i) => ({ min: p.min, max: p.max, label: p.label, color: colors.heat[Math.round((i * (colors.heat.length - 1)) / Math.max(1, pieces.length - 1))] })),
      orient: 'vertical',
      right: 2,
      top: 'middle',
      itemWidth: 10,
      itemHeight: 8,
      itemGap: 4,
      textGap: 4,
      textStyle: { color: colors.muted, fontSize: 10 },
      showLabel: true,
    },
    series: [
      {
        name: 'requests',
        type: 'custom',
        data: data.cells,
        encode: { x: 0, y: 1 },
        renderItem: (_params: unknown, api: CellApi) => {
          const start = api.value(0);
          const row = api.value(1);
          const [left = 0, middle = 0] = api.coord([start, row]);
          const [right = 0] = api.coord([start + data.bucketMs, row]);
          const height = api.size([0, 1])[1] ?? 0;
          return { type: 'rect', shape: { x: left, y: middle - height / 2, width: Math.max(1, right - left - 1), height: Math.max(1, height - 1) }, style: { fill: api.visual('color') } };
        },
      },
    ],
  };
}
