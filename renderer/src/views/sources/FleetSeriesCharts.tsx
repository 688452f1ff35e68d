import { useQuery } from '@tanstack/react-query';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { EChart } from '../charts/EChart.js';
import { useChartColors } from '../charts/use-chart-colors.js';
import { fleetLatencyOption, fleetTrafficOption } from './fleet-chart-options.js';

/** A fleet suspect's series from the cached answer: its latency percentiles, requests and errors, the onset marked. */
export function FleetSeriesCharts({ service, onsetNs, timeZone }: { service: string; onsetNs: string | null; timeZone: WorkbenchState['timeZone'] }) {
  const client = useApiClient();
  const colors = useChartColors();
  const series = useQuery({ queryKey: [CACHE_SCOPE, 'fleetSeries', service], queryFn: () => client.fleetSeries({ service }) });
  if (series.data === undefined || series.data === null) return series.isPending ? <p className="muted">Loading its series…</p> : null;
  const input = { answer: series.data, service, onsetNs };
  return (
    <div className="fleet-charts" data-testid="fleet-charts">
      <EChart option={fleetLatencyOption(input, colors, timeZone)} className="fleet-chart" testId="fleet-chart-latency" label={`${service} latency from span metrics`} />
      <EChart option={fleetTrafficOption(input, colors, timeZone)} className="fleet-chart" testId="fleet-chart-traffic" label={`${service} requests and errors from span metrics`} />
    </div>
  );
}
