import { useQuery } from '@tanstack/react-query';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { EChart } from './EChart.js';
import { useChartColors } from './use-chart-colors.js';
import { fleetLatencyOption, fleetTrafficOption } from './fleet-chart-options.js';
import './charts.css';

/**
 * A service's series from the cached fleet answers (the backend's own counts over every request): latency
 * percentiles, requests and errors, a suspect's onset marked. Nothing when no answer holds the service, or when the
 * answers lie outside `window`.
 */
export function FleetSeriesCharts({ service, onsetNs, timeZone, window, caption }: FleetSeriesChartsProps) {
  const client = useApiClient();
  const colors = useChartColors();
  const series = useQuery({ queryKey: [CACHE_SCOPE, 'fleetSeries', service], queryFn: () => client.fleetSeries({ service }) });
  const answer = series.data ?? null;
  if (answer === null) return series.isPending && caption === undefined ? <p className="muted">Loading its series…</p> : null;
  if (!answer.series.some((s) => s.scope === 'service' && s.service === service) || !overlaps(answer, window)) return null;
  const input = { answer, service, onsetNs };
  return (
    <div className={caption === undefined ? 'fleet-charts-block' : 'fleet-charts-block chart-card'} data-testid="fleet-charts-block">
      {caption !== undefined && <p className="fleet-charts-caption">{caption}</p>}
      <div className="fleet-charts" data-testid="fleet-charts">
        <EChart option={fleetLatencyOption(input, colors, timeZone)} className="fleet-chart" testId="fleet-chart-latency" label={`${service} latency from fleet aggregates`} />
        <EChart option={fleetTrafficOption(input, colors, timeZone)} className="fleet-chart" testId="fleet-chart-traffic" label={`${service} requests and errors from fleet aggregates`} />
      </div>
    </div>
  );
}

interface FleetSeriesChartsProps {
  service: string;
  onsetNs: string | null;
  timeZone: WorkbenchState['timeZone'];
  /** Only answers overlapping this window are drawn (none: any). */
  window?: { startNs?: string; endNs?: string };
  /** Says what the charts are, where they sit beside charts of cached spans. */
  caption?: string;
}

function overlaps(answer: { startNs: string; stepNs: string; buckets: number }, window: FleetSeriesChartsProps['window']): boolean {
  const start = BigInt(answer.startNs);
  const end = start + BigInt(answer.stepNs) * BigInt(answer.buckets);
  return (window?.endNs === undefined || start < BigInt(window.endNs)) && (window?.startNs === undefined || end > BigInt(window.startNs));
}
