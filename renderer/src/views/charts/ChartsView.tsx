import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ServiceCharts } from '../../../../shared/views/charts-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatCount } from '../../lib/format-count.js';
import { canaryQuery } from '../../queries/slos.js';
import { brushedWindow, versionImpact, versionVerdicts } from './chart-data.js';
import { heatmapOption, latencyOption, rateOption, type VersionVerdicts } from './chart-options.js';
import { serviceChartsQuery } from './charts-queries.js';
import { EChart, type BrushRange } from './EChart.js';
import { FleetSeriesCharts } from './FleetSeriesCharts.js';
import { OperationPicker } from './OperationPicker.js';
import { useChartColors } from './use-chart-colors.js';
import './charts.css';

export interface ChartsViewProps {
  service: string;
  operation?: string;
  startNs?: string;
  endNs?: string;
  timeZone: WorkbenchState['timeZone'];
  /** A range brushed on any chart: the shell makes it the shared time window. */
  onBrushTime: (startNs: string, endNs: string) => void;
  /** Narrows the charts to one operation (undefined: all of the service's). */
  onOperation: (operation: string | undefined) => void;
}

/** Latency percentiles, a duration heatmap and request/error rates of one service, with version changes marked. */
export function ChartsView({ service, operation, startNs, endNs, timeZone, onBrushTime, onOperation }: ChartsViewProps) {
  const request = { service, ...(operation === undefined ? {} : { operation }), ...(startNs === undefined ? {} : { startNs }), ...(endNs === undefined ? {} : { endNs }) };
  const client = useApiClient();
  const charts = useQuery(serviceChartsQuery(client, request));
  // The canary verdict on the service's versions, for their markers; null (nothing said) with one version.
  const canary = useQuery({ ...canaryQuery(client, service, { startNs, endNs }), enabled: (charts.data?.versions.length ?? 0) > 1 });
  const report = canary.data ?? null;
  const verdicts = useMemo(() => versionVerdicts(report), [report]);
  const data = charts.data;
  return (
    <section className="panel charts-view" data-testid="charts-view" data-status={charts.status} data-service={service}>
      <div className="view-toolbar">
        <h2 className="view-title">
          {service}
          {operation !== undefined && <span className="muted"> · {operation}</span>}
        </h2>
        <OperationPicker service={service} operation={operation} startNs={startNs} endNs={endNs} onChange={onOperation} />
        {data !== undefined && <ChartsSummary charts={data} />}
        <span className="header-spacer" />
        <span className="muted charts-hint">Drag across a chart to zoom the time window</span>
      </div>
      {charts.isPending && <LoadingState label="Loading charts…" />}
      {charts.isError && <ErrorState title="Could not load charts" error={charts.error} />}
      {data !== undefined && !hasSpans(data) && (
        <EmptyState title={`No spans of ${service} in this window`}>Widen the time range, or pick another service.</EmptyState>
      )}
      {report !== null && (
        <p className={`charts-canary canary-verdict-${report.verdict}`} data-testid="charts-canary" data-verdict={report.verdict}>
          <span className="canary-badge">{report.verdict}</span> {report.statement}
        </p>
      )}
      {data !== undefined && hasSpans(data) && <ChartsGrid charts={data} timeZone={timeZone} onBrushTime={onBrushTime} verdicts={verdicts} />}
      {operation === undefined && (
        <FleetSeriesCharts
          service={service}
          onsetNs={null}
          timeZone={timeZone}
          window={{ startNs, endNs }}
          caption={`Fleet aggregates of ${service}: what the backend counted over every request (Fleet triage on a source's page), not the cached spans`}
        />
      )}
    </section>
  );
}

function hasSpans(charts: ServiceCharts): boolean {
  return charts.buckets.some((b) => b.count > 0);
}

function ChartsSummary({ charts }: { charts: ServiceCharts }) {
  const requests = charts.buckets.reduce((n, b) => n + b.count, 0);
  const errors = charts.buckets.reduce((n, b) => n + b.errors, 0);
  const impact = versionImpact(charts);
  return (
    <span className="muted" data-testid="charts-summary">
      {formatCount(requests)} {charts.basis === 'entry' ? 'requests' : 'spans'} · {formatCount(errors)} errors
      {charts.versions.length > 0 && ` · versions ${charts.versions.map((v) => v.version).join(', ')}`}
      {impact !== null && (
        <span className="version-impact" data-testid="version-impact" data-version={impact.version} data-before-ms={impact.beforeMs} data-after-ms={impact.afterMs}>
          {' · '}p95 before {impact.version} ≈ {formatMs(impact.beforeMs)}, after ≈ <strong>{formatMs(impact.afterMs)}</strong>
        </span>
      )}
    </span>
  );
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

interface ChartsGridProps {
  charts: ServiceCharts;
  timeZone: WorkbenchState['timeZone'];
  onBrushTime: (startNs: string, endNs: string) => void;
  verdicts: VersionVerdicts;
}

function ChartsGrid({ charts, timeZone, onBrushTime, verdicts }: ChartsGridProps) {
  const colors = useChartColors();
  const options = useMemo(
    () => ({
      latency: latencyOption(charts, colors, timeZone, verdicts),
      heatmap: heatmapOption(charts, colors, timeZone),
      rate: rateOption(charts, colors, timeZone, verdicts),
    }),
    [charts, colors, timeZone, verdicts],
  );
  const brush = (axis: 'time' | 'category') => (range: BrushRange) => {
    const window = brushedWindow(range, axis, charts);
    if (window !== null) onBrushTime(window.startNs, window.endNs);
  };
  const versions = charts.versions.map((v) => `${v.version}${verdicts.has(v.version) ? ` (${verdicts.get(v.version)})` : ''}:${v.firstNs}`).join(' ');
  return (
    <div className="charts-grid">
      <figure className="chart-card" data-testid="latency-chart" data-versions={versions}>
        <figcaption>Latency (p50, p95, p99)</figcaption>
        <EChart className="chart" option={options.latency} onBrush={brush('time')} label={`Latency percentiles of ${charts.service}`} testId="latency-canvas" />
      </figure>
      <figure className="chart-card" data-testid="heatmap-chart">
        <figcaption>Duration heatmap (colour: requests in the cell)</figcaption>
        <EChart className="chart" option={options.heatmap} onBrush={brush('time')} label={`Duration heatmap of ${charts.service}`} testId="heatmap-canvas" />
      </figure>
      <figure className="chart-card" data-testid="rate-chart">
        <figcaption>Requests and errors</figcaption>
        <EChart className="chart" option={options.rate} onBrush={brush('time')} label={`Request and error rate of ${charts.service}`} testId="rate-canvas" />
      </figure>
    </div>
  );
}
