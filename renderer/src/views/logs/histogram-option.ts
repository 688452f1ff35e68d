import type { EChartsCoreOption } from 'echarts/core';
import { SEVERITY_BANDS, type LogHistogram } from '../../../../shared/views/logs-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import type { ChartColors } from '../charts/chart-colors.js';
import { axisTimeLabel, nsToMs } from '../charts/chart-data.js';

/** The bands drawn, bottom to top; trace and unset share the muted colour. */
function bandColor(band: (typeof SEVERITY_BANDS)[number], colors: ChartColors): string {
  switch (band) {
    case 'fatal':
    case 'error':
      return colors.error;
    case 'warn':
      return colors.warn;
    case 'info':
      return colors.info;
    case 'debug':
      return colors.debug;
    default:
      return colors.muted;
  }
}

/** Stacked bars of log counts per bucket and severity, the selected span's interval shaded. */
export function histogramOption(
  histogram: LogHistogram,
  colors: ChartColors,
  timeZone: WorkbenchState['timeZone'],
  subjectLabel: string,
): EChartsCoreOption {
  const times = histogram.buckets.map((b) => nsToMs(b.startNs));
  const bucketMs = histogram.bucketNs / 1e6;
  const windowMs = times.length === 0 ? 0 : times[times.length - 1]! + bucketMs - times[0]!;
  const series = SEVERITY_BANDS.map((band, index) => ({ band, index }))
    .filter(({ index }) => histogram.buckets.some((b) => (b.counts[index] ?? 0) > 0))
    .map(({ band, index }) => ({
      name: band.toUpperCase(),
      type: 'bar',
      stack: 'logs',
      barCategoryGap: '10%',
      // Bars centred on their bucket's middle, so the span's shaded interval lines up with the bars under it.
      data: histogram.buckets.map((b, i) => [times[i]! + bucketMs / 2, b.counts[index] ?? 0]),
      itemStyle: { color: bandColor(band, colors) },
    }));
  const subject = histogram.subject;
  if (subject !== null && series[0] !== undefined) {
    Object.assign(series[0], {
      markArea: {
        silent: true,
        itemStyle: { color: colors.highlight, borderColor: colors.accent, borderWidth: 1 },
        label: { show: true, position: 'insideTop', color: colors.accent, formatter: subjectLabel },
        data: [[{ xAxis: nsToMs(subject.startNs) }, { xAxis: Math.max(nsToMs(subject.endNs), nsToMs(subject.startNs) + 1) }]],
      },
    });
  }
  return {
    animation: false,
    useUTC: timeZone === 'utc',
    grid: { left: 44, right: 32, top: 24, bottom: 22 },
    legend: { top: 0, right: 8, textStyle: { color: colors.muted }, itemWidth: 10, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      backgroundColor: colors.panel,
      borderColor: colors.border,
      textStyle: { color: colors.text, fontSize: 12 },
    },
    xAxis: {
      type: 'time',
      min: times[0],
      max: times.length > 0 ? times[times.length - 1]! + bucketMs : undefined,
      axisLine: { lineStyle: { color: colors.border } },
      axisLabel: { color: colors.muted, hideOverlap: true, formatter: (value: number) => axisTimeLabel(value, windowMs, timeZone) },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: colors.muted },
      splitLine: { lineStyle: { color: colors.border, type: 'dashed' } },
    },
    series,
  };
}
