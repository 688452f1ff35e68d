import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState } from '../../components/QueryStates.js';
import { formatDuration } from '../../lib/format-duration.js';
import type { TimeWindow } from '../../queries/service-graph.js';
import { canaryQuery } from '../../queries/slos.js';
import './slos.css';

interface CanaryPanelProps {
  service: string;
  window: TimeWindow;
  onOpenTrace: (traceId: string) => void;
  /** Opens the diff of two traces (a: the baseline's, b: the worse version's). */
  onDiff?: (pair: { a: string; b: string }) => void;
}

/**
 * The canary verdict on a service with two or more versions in the window: each version's share, errors and
 * latency against the baseline, and the verdict in words. Nothing at all for a service with one version.
 */
export function CanaryPanel({ service, window, onOpenTrace, onDiff }: CanaryPanelProps) {
  const canary = useQuery(canaryQuery(useApiClient(), service, window));
  // Shown only for a service with something to compare (most services run one version).
  if (canary.isPending || (canary.isSuccess && canary.data === null)) return null;
  const report = canary.data ?? null;
  return (
    <section className="graph-panel-section canary-panel" data-testid="canary-panel" data-status={canary.status} data-verdict={canary.data?.verdict}>
      <h3 className="graph-panel-heading">Versions</h3>
      {canary.isError && <ErrorState title="Could not compare versions" error={canary.error} />}
      {report !== null && (
        <>
          <p className={`canary-verdict canary-verdict-${report.verdict}`}>
            <span className="canary-badge">{report.verdict}</span> <span data-testid="canary-statement">{report.statement}</span>
          </p>
          <table className="data-table graph-table">
            <thead>
              <tr>
                <th>{report.split}</th>
                <th className="numeric">Share</th>
                <th className="numeric">Errors</th>
                <th className="numeric">p95</th>
                <th className="numeric">p99</th>
              </tr>
            </thead>
            <tbody>
              {report.groups.map((g) => (
                <tr key={g.value} data-testid="canary-group" data-value={g.value}>
                  <td>
                    {g.value}
                    {g.value === report.baseline && <span className="muted"> baseline</span>}
                  </td>
                  <td className="numeric">{(g.share * 100).toFixed(0)}%</td>
                  <td className="numeric">{(g.errorRate * 100).toFixed(1)}%</td>
                  <td className="numeric">{formatDuration(g.p95Ns)}</td>
                  <td className="numeric">{formatDuration(g.p99Ns)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.worstTraceIds.length > 0 && (
            <p className="muted canary-traces">
              Slowest on the worse version:
              {report.worstTraceIds.map((id) => (
                <button key={id} type="button" className="link-button mono" data-testid="canary-trace" title={id} onClick={() => onOpenTrace(id)}>
                  {id.slice(0, 8)}
                </button>
              ))}
              {onDiff && report.baselineTraceId !== null && (
                <button
                  type="button"
                  className="button button-small canary-diff"
                  data-testid="canary-diff"
                  title="Structure and timing of the slowest trace on the worse version against a typical baseline request"
                  onClick={() => onDiff({ a: report.baselineTraceId!, b: report.worstTraceIds[0]! })}
                >
                  Diff against a typical {report.baseline} trace
                </button>
              )}
            </p>
          )}
        </>
      )}
    </section>
  );
}
