import { useMemo } from 'react';
import type { SloStatus } from '../../../../shared/slo/types.js';
import { EChart } from '../charts/EChart.js';
import { useChartColors } from '../charts/use-chart-colors.js';
import { sloChartOption } from './slo-chart-option.js';

/** The selected SLO over time: budget left, burn rates against the alert thresholds, bad events. */
export function SloChart({ status, useUTC }: { status: SloStatus; useUTC: boolean }) {
  const colors = useChartColors();
  const option = useMemo(() => sloChartOption(status, colors, useUTC), [status, colors, useUTC]);
  return <EChart option={option} className="slo-chart" testId="slo-chart" label={`${status.slo.name}: budget left and burn rate`} />;
}
