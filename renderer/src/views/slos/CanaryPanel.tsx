import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../../shared/contract-kit.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatDuration } from '../../lib/format-duration.js';
import type { TimeWindow } from '../../queries/service-graph.js';
import { canaryQuery } from '../../queries/slos.js';
import './slos.css';

interface CanaryPanelProps {
  service: string;
  window: TimeWindow;
  onOpenTrace: (traceId: string) => void;
}

/**
 * The canary verdict on a service with two or more versions in the window: each version's share, errors and
 * latency against the baseline, and the verdict in words. Nothing at all for a service with one version.
 */
export function CanaryPanel({ service, window, onOpenTrace }: CanaryPanelProps) {
  const canary = useQuery(canaryQuery(useApiClient(), service, window));
  if (canary.isError && canary.error instanceof ApiError && canary.error.code === 'invalid-input') return null;
  return (
    <section className="graph-panel-section canary-panel" data-testid="canary-panel" data-status={canary.status} data-verdict={canary.data?.verdict}>
      <h3 className="graph-panel-heading">Versions</h3>
      {canary.isPending && <LoadingState label="Comparing versions…" />}
      {canary.isError && <ErrorState title="Could not compare versions" error={canary.error} />}
      {canary.isSuccess && (
        <>
          <p className={`canary-verdict canary-verdict-${canary.data.verdict}`}>
            <span className="canary-badge">{canary.data.verdict}</span> <span data-testid="canary-statement">{canary.data.statement}</span>
          </p>
          <table className="data-table graph-table">
            <thead>
              <tr>
                <th>{canary.data.split}</th>
                <th className="numeric">Share</th>
                <th className="numeric">Errors</th>
                <th className="numeric">p95</th>
                <th className="numeric">p99</th>
              </tr>
            </thead>
            <tbody>
              {canary.data.groups.map((g) => (
                <tr key={g.value} data-testid="canary-group" data-value={g.value}>
                  <td>
                    {g.value}
                    {g.value === canary.data.baseline && <span className="muted"> baseline</span>}
                  </td>
                  <td className="numeric">{(g.share * 100).toFixed(0)}%</td>
                  <td className="numeric">{(g.errorRate * 100).toFixed(1)}%</td>
                  <td className="numeric">{formatDuration(g.p95Ns)}</td>
                  <td className="numeric">{formatDuration(g.p99Ns)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canary.data.worstTraceIds.length > 0 && (
            <p className="muted canary-traces">
              Slowest on the worse version:
              {canary.data.worstTraceIds.map((id) => (
                <button key={id} type="button" className="link-button mono" data-testid="canary-trace" title={id} onClick={() => onOpenTrace(id)}>
                  {id.slice(0, 8)}
                </button>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  );
}
