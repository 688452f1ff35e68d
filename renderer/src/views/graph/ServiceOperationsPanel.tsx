import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState, EmptyState, LoadingState } from '../../components/QueryStates.js';
import { formatCount } from '../../lib/format-count.js';
import { serviceOperationsQuery } from '../../queries/service-operations.js';
import type { TimeWindow } from '../../queries/service-graph.js';
import { durationText } from './graph-elements.js';

interface ServiceOperationsPanelProps {
  service: string;
  window: TimeWindow;
  onOpenTraces?: (filter: { service: string; operation?: string }) => void;
}

/** What the selected service serves: rate, errors and duration per operation. */
export function ServiceOperationsPanel({ service, window, onOpenTraces }: ServiceOperationsPanelProps) {
  const operations = useQuery(serviceOperationsQuery(useApiClient(), service, window));
  return (
    <section className="graph-panel-section" data-testid="service-operations" data-status={operations.status} data-service={service}>
      <h3 className="graph-panel-heading">
        Operations
        {operations.data?.basis === 'all' && <span className="muted"> · all spans (no server or consumer spans)</span>}
      </h3>
      {operations.isPending && <LoadingState label="Loading operations…" />}
      {operations.isError && <ErrorState title="Could not load operations" error={operations.error} />}
      {operations.isSuccess && operations.data.operations.length === 0 && <EmptyState title={`No spans of ${service} in this time range`} />}
      {operations.isSuccess && operations.data.operations.length > 0 && (
        <table className="data-table graph-table graph-ops-table">
          <thead>
            <tr>
              <th className="numeric">Rate</th>
              <th className="numeric">Errors</th>
              <th className="numeric">p50</th>
              <th className="numeric">p95</th>
              <th className="numeric">p99</th>
            </tr>
          </thead>
          {operations.data.operations.map((op) => (
            <tbody key={op.name} data-testid="operation-row" data-operation={op.name} data-count={op.count} data-errors={op.errorCount}>
              <tr className="graph-op-name-row">
                <td colSpan={5} title={op.name}>
                  {onOpenTraces ? (
                    <button type="button" className="link-button graph-op-name" title={`Traces of ${service} with ${op.name}`} onClick={() => onOpenTraces({ service, operation: op.name })}>
                      {op.name}
                    </button>
                  ) : (
                    <span className="graph-op-name">{op.name}</span>
                  )}{' '}
                  <span className="muted">· {formatCount(op.count)} calls</span>
                </td>
              </tr>
              <tr className="graph-op-figures">
                <td className="numeric">{op.ratePerSecond === null ? '–' : `${formatRate(op.ratePerSecond)}/s`}</td>
                <td className={op.errorCount > 0 ? 'numeric text-error' : 'numeric muted'}>
                  {op.errorCount > 0 ? `${(op.errorRate * 100).toFixed(1)} %` : '–'}
                </td>
                <td className="numeric">{durationText(op.p50Ns)}</td>
                <td className="numeric">{durationText(op.p95Ns)}</td>
                <td className="numeric">{durationText(op.p99Ns)}</td>
              </tr>
            </tbody>
          ))}
        </table>
      )}
      {onOpenTraces && (
        <button type="button" className="button graph-panel-action" onClick={() => onOpenTraces({ service })}>
          Traces of {service}
        </button>
      )}
    </section>
  );
}

function formatRate(perSecond: number): string {
  if (perSecond >= 100) return String(Math.round(perSecond));
  if (perSecond >= 1) return perSecond.toFixed(1);
  return perSecond.toPrecision(2);
}
