import * as echarts from 'echarts';
import type { PinnedEvidence } from './report-model.js';

/**
 * The culprit's spans and errors per minute, drawn by echarts on the server (SSR, `renderToSVGString`): a static
 * SVG with no script, so the report needs nothing but itself to show it.
 */
export function chartSvg(evidence: PinnedEvidence): string {
  if (evidence.perMinute.length === 0 || evidence.culprit === null) return '';
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 760, height: 220 });
  try {
    chart.setOption({
      animation: false,
      useUTC: true,
      title: { text: `${evidence.culprit}: spans and errors per minute`, textStyle: { fontSize: 13 } },
      legend: { top: 0, right: 10 },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: [
        { name: 'spans', type: 'bar', data: evidence.perMinute.map((m) => [m.minuteMs, m.spans]), itemStyle: { color: '#3d71c4' } },
        { name: 'errors', type: 'bar', data: evidence.perMinute.map((m) => [m.minuteMs, m.errors]), itemStyle: { color: '#c4314b' } },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
