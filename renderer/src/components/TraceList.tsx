import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import { tracesQuery } from '../queries/traces.js';
import { EmptyState, ErrorState, LoadingState } from './QueryStates.js';
import { TraceListRow } from './TraceListRow.js';

interface TraceListProps {
  service: string | null;
  onOpenTrace: (traceId: string) => void;
}

/** Recent traces touching the selected service (or all), newest first as the API returns them. */
export function TraceList({ service, onOpenTrace }: TraceListProps) {
  const traces = useQuery(tracesQuery(useApiClient(), service));
  return (
    <section className="panel trace-list-panel" data-testid="trace-list" data-status={traces.status}>
      <h2 className="panel-title">
        Traces <span className="muted">· {service ?? 'all services'}</span>
      </h2>
      {traces.isPending && <LoadingState label="Loading traces…" />}
      {traces.isError && <ErrorState title="Could not search traces" error={traces.error} />}
      {traces.isSuccess && traces.data.length === 0 && (
        <EmptyState title={service ? `No traces for ${service}` : 'No traces yet'}>
          Import trace files (OTLP JSON, Jaeger, Zipkin, Tempo) with Import files… or by dropping them here.
        </EmptyState>
      )}
      {traces.isSuccess && traces.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table trace-table">
            <thead>
              <tr>
                <th>Root</th>
                <th className="fit">Start (UTC)</th>
                <th className="numeric fit">Duration</th>
                <th className="numeric fit">Spans</th>
                <th className="numeric fit">Errors</th>
              </tr>
            </thead>
            <tbody>
              {traces.data.map((trace) => (
                <TraceListRow key={trace.traceId} trace={trace} onOpen={onOpenTrace} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
