import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts-setup.js';

/** The x range a user brushed: time-axis values (ms) or, on a category axis, the first and last index. */
export type BrushRange = [number, number];

interface EChartProps {
  option: EChartsCoreOption;
  /** Called with the brushed x range; the brush is then cleared (the new window redraws the chart). */
  onBrush?: (range: BrushRange) => void;
  className?: string;
  testId?: string;
  label: string;
}

interface BrushEndEvent {
  areas?: { coordRange?: unknown }[];
}

/**
 * One ECharts instance on a div: created on mount, disposed on unmount, resized with its box, options replaced as
 * they change. With `onBrush`, dragging across the chart selects an x range (lineX brush, always armed).
 */
export function EChart({ option, onBrush, className, testId, label }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const brushHandler = useRef(onBrush);
  brushHandler.current = onBrush;

  useEffect(() => {
    const div = element.current;
    if (div === null) return;
    const instance = echarts.init(div, null, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('brushEnd', (event) => {
      const range = (event as BrushEndEvent).areas?.[0]?.coordRange;
      if (!Array.isArray(range) || typeof range[0] !== 'number' || typeof range[1] !== 'number') return;
      instance.dispatchAction({ type: 'brush', areas: [] });
      brushHandler.current?.([range[0], range[1]]);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(div);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  const brushable = onBrush !== undefined;
  useEffect(() => {
    const instance = chart.current;
    if (instance === null) return;
    instance.setOption(brushable ? { ...option, brush: { xAxisIndex: 'all', brushLink: 'all', throttleType: 'debounce', outOfBrush: { colorAlpha: 0.3 } } } : option, {
      notMerge: true,
    });
    if (brushable) {
      // Arms the lineX brush without a toolbox button: a drag across the plot selects a time range.
      instance.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } });
    }
  }, [option, brushable]);

  return <div ref={element} className={className} data-testid={testId} role="img" aria-label={label} />;
}
