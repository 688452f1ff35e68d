import { useMemo } from 'react';
import type { LogHistogram } from '../../../../shared/views/logs-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { formatCount } from '../../lib/format-count.js';
import { timeBrushWindow } from '../charts/chart-data.js';
import { EChart } from '../charts/EChart.js';
import { useChartColors } from '../charts/use-chart-colors.js';
import { histogramOption } from './histogram-option.js';

interface LogHistogramChartProps {
  histogram: LogHistogram;
  timeZone: WorkbenchState['timeZone'];
  /** What the shaded interval is ('span' or 'trace'). */
  subjectLabel: string;
  onBrushTime?: (startNs: string, endNs: string) => void;
}

/** Log volume over time by severity, above the list; a drag across it narrows the time window. */
export function LogHistogramChart({ histogram, timeZone, subjectLabel, onBrushTime }: LogHistogramChartProps) {
  const colors = useChartColors();
  const option = useMemo(() => histogramOption(histogram, colors, timeZone, subjectLabel), [histogram, colors, timeZone, subjectLabel]);
  const onBrush =
    onBrushTime === undefined
      ? undefined
      : (range: [number, number]) => {
          const window = timeBrushWindow(range);
          if (window !== null) onBrushTime(window.startNs, window.endNs);
        };
  return (
    <div className="log-histogram" data-testid="log-histogram" data-total={histogram.total} data-subject={histogram.subject === null ? '' : subjectLabel}>
      <EChart className="log-histogram-chart" option={option} onBrush={onBrush} label={`${formatCount(histogram.total)} logs over time by severity`} testId="log-histogram-canvas" />
      {histogram.truncated && <span className="muted histogram-note">Counts of the {formatCount(histogram.total)} most recently stored matches</span>}
    </div>
  );
}
