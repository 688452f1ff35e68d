import type { EChartsCoreOption } from 'echarts/core';
import type { SloStatus } from '../../../../shared/slo/types.js';
import type { ChartColors } from '../charts/chart-colors.js';
import { BURN_ALERTS } from '../../../../shared/slo/burn-rate.js';

const ms = (ns: string) => Number(BigInt(ns) / 1_000_000n);

/**
 * One chart of an SLO over the window: budget left (left axis, %), the 1 h and 6 h burn rates with the page and
 * ticket thresholds (right axis, ×), bad events as bars. Gaps stay gaps: null points break the lines.
 */
export function sloChartOption(status: SloStatus, colors: ChartColors, useUTC: boolean): EChartsCoreOption {
  const points = status.series;
  const line = (name: string, value: (p: SloStatus['series'][number]) => number | null, color: string, yAxisIndex: number, dashed = false) => ({
    name,
    type: 'line',
    yAxisIndex,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { color, width: 2, type: dashed ? 'dashed' : 'solid' },
    itemStyle: { color },
    data: points.map((p) => [ms(p.startNs), value(p)]),
  });
  return {
    animation: false,
    useUTC,
    textStyle: { color: colors.text, fontFamily: 'inherit' },
    grid: { left: 64, right: 56, top: 44, bottom: 28 },
    legend: { top: 0, left: 'center', textStyle: { color: colors.muted }, itemWidth: 14, itemHeight: 8 },
    tooltip: { trigger: 'axis', backgroundColor: colors.panel, borderColor: colors.border, textStyle: { color: colors.text, fontSize: 12 } },
    xAxis: { type: 'time', axisLabel: { color: colors.muted, hideOverlap: true }, axisLine: { lineStyle: { color: colors.border } } },
    yAxis: [
      { type: 'value', name: 'budget left %', nameTextStyle: { color: colors.muted }, axisLabel: { color: colors.muted }, splitLine: { lineStyle: { color: colors.border, type: 'dashed' } } },
      { type: 'value', name: 'burn ×', nameTextStyle: { color: colors.muted }, axisLabel: { color: colors.muted }, splitLine: { show: false } },
      // Bad events on a scale of their own (hidden), so a handful per minute still shows beside a 40× burn rate.
      { type: 'value', show: false, max: (extent: { max: number }) => Math.max(1, extent.max) * 3 },
    ],
    series: [
      line('budget left', (p) => (p.budgetRemaining === null ? null : p.budgetRemaining * 100), colors.accent, 0),
      {
        ...line('burn 1 h', (p) => p.burn1h, colors.error, 1),
        markLine: {
          silent: true,
          symbol: 'none',
          data: BURN_ALERTS.map((a) => ({ yAxis: a.factor, name: `${a.name} ${a.factor}×` })),
          label: { color: colors.muted, formatter: '{b}' },
          lineStyle: { color: colors.warn, type: 'dotted' },
        },
      },
      line('burn 6 h', (p) => p.burn6h, colors.warn, 1, true),
      {
        name: 'bad events',
        type: 'bar',
        yAxisIndex: 2,
        barMaxWidth: 6,
        itemStyle: { color: colors.error, opacity: 0.35 },
        data: points.map((p) => [ms(p.startNs), p.events === 0 ? null : p.bad]),
      },
    ],
  };
}
