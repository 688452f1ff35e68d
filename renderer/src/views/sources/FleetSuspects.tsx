import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FleetReport, FleetSuspect } from '../../../../shared/fleet/types.js';
import { TRACE_KINDS } from '../../../../shared/sources.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { formatZoned } from '../../lib/time-range.js';
import { useWorkbenchState } from '../../state/WorkbenchStateContext.js';
import { FleetSeriesCharts } from '../charts/FleetSeriesCharts.js';
import { sourcesQuery } from './sources-queries.js';
import { useExemplars } from './use-exemplars.js';

const BASIS_LABEL: Record<FleetSuspect['basis'], string> = { aggregates: 'aggregates', traces: 'traces', both: 'aggregates + traces' };
const KIND_LABEL: Record<FleetSuspect['kind'], string> = { latency: 'latency', errors: 'errors', traffic: 'traffic', 'error-logs': 'error logs' };

/**
 * The ranked changes of a fleet answer: the service where each began, what changed and when, the services that
 * changed with it, and what the suspect rests on. Each one leads to its place in the graph and to its exemplar traces.
 */
export function FleetSuspects({ report, timeZone }: { report: FleetReport; timeZone: WorkbenchState['timeZone'] }) {
  if (report.suspects.length === 0) {
    return (
      <p className="muted fleet-empty" data-testid="fleet-no-suspects">
        No service changed in this window: nothing stands out against its own past. Services slow or failing all along are not ranked.
      </p>
    );
  }
  return (
    <ol className="fleet-suspects" aria-label="Fleet suspects">
      {report.suspects.map((suspect) => (
        <FleetSuspectRow key={`${suspect.service}:${suspect.kind}`} suspect={suspect} report={report} timeZone={timeZone} />
      ))}
    </ol>
  );
}

function FleetSuspectRow({ suspect, report, timeZone }: { suspect: FleetSuspect; report: FleetReport; timeZone: WorkbenchState['timeZone'] }) {
  const client = useApiClient();
  const { navigate } = useWorkbenchState();
  const traceSources = (useQuery(sourcesQuery(client)).data?.sources ?? []).filter((s) => TRACE_KINDS.includes(s.config.kind)).map((s) => s.config.name);
  const [source, setSource] = useState<string>('');
  // The first suspect shows its series at once; the others on request.
  const [charts, setCharts] = useState(suspect.rank === 1);
  const chosen = source !== '' ? source : (traceSources[0] ?? '');
  const exemplars = useExemplars();
  const window = { kind: 'absolute' as const, startNs: report.startNs, endNs: report.endNs };
  const pulled = exemplars.data?.service === suspect.service ? exemplars.data : null;
  const traces = pulled?.jobs.reduce((n, j) => n + j.job.traces.length, 0) ?? 0;
  return (
    <li className="fleet-suspect" data-testid="fleet-suspect" data-service={suspect.service} data-basis={suspect.basis}>
      <div className="fleet-suspect-head">
        <span className="fleet-rank">{suspect.rank}</span>
        <span className={`fleet-kind fleet-kind-${suspect.kind}`}>{KIND_LABEL[suspect.kind]}</span>
        <span className="fleet-statement" data-testid="fleet-statement">
          {suspect.statement}
        </span>
        <span className={`fleet-basis fleet-basis-${suspect.basis}`} data-testid="fleet-basis" title="What this suspect rests on">
          {BASIS_LABEL[suspect.basis]}
        </span>
      </div>
      <div className="fleet-suspect-detail muted">
        since {formatZoned(suspect.onsetNs, timeZone)} · {suspect.callers.length} caller{suspect.callers.length === 1 ? '' : 's'}
        {suspect.symptoms.length > 0 && <span title={suspect.symptoms.join(', ')}> · changed with it: {suspect.symptoms.slice(0, 4).join(', ')}{suspect.symptoms.length > 4 ? ` and ${suspect.symptoms.length - 4} more` : ''}</span>}
      </div>
      <div className="fleet-suspect-actions">
        <button type="button" className="button button-quiet" data-testid="fleet-toggle-charts" aria-expanded={charts} onClick={() => setCharts(!charts)}>
          {charts ? 'Hide series' : 'Series'}
        </button>
        <button type="button" className="button button-quiet" data-testid="fleet-show-graph" onClick={() => navigate({ view: { view: 'graph', service: suspect.service }, time: window })}>
          Show in graph
        </button>
        {traceSources.length === 0 ? (
          <span className="muted">Add a Jaeger, Tempo or Zipkin source to pull its exemplar traces.</span>
        ) : (
          <>
            <select className="text-input" aria-label="Trace source for exemplars" data-testid="fleet-exemplar-source" value={chosen} onChange={(event) => setSource(event.target.value)}>
              {traceSources.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              data-testid="fleet-pull-exemplars"
              disabled={exemplars.isPending}
              onClick={() => exemplars.mutate({ source: chosen, service: suspect.service })}
            >
              {exemplars.isPending ? 'Pulling exemplars…' : 'Pull exemplar traces'}
            </button>
          </>
        )}
      </div>
      {charts && <FleetSeriesCharts service={suspect.service} onsetNs={suspect.onsetNs} timeZone={timeZone} />}
      {exemplars.error !== null && (
        <p className="pull-status pull-status-failed" role="alert">
          {exemplars.error.message}
        </p>
      )}
      {pulled !== null && (
        <div className="fleet-exemplars" data-testid="fleet-exemplars" data-traces={traces}>
          {pulled.jobs.map(({ label, job }) => (
            <span key={label} className="muted" data-testid="fleet-exemplar-count" data-label={label}>
              {label}: {job.state === 'done' ? `${job.traces.length} trace${job.traces.length === 1 ? '' : 's'}` : (job.error ?? job.state)}
            </span>
          ))}
          {traces > 0 && (
            <button
              type="button"
              className="button"
              data-testid="fleet-open-traces"
              onClick={() => navigate({ view: { view: 'traces', service: suspect.service }, time: window })}
            >
              Open its traces
            </button>
          )}
        </div>
      )}
    </li>
  );
}
