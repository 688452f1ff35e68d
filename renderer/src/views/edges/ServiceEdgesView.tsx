import { useQuery } from '@tanstack/react-query';
import type { ViewState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatCount } from '../../lib/format-count.js';
import { formatDuration } from '../../lib/format-duration.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { serviceEdgesQuery } from '../../queries/nav.js';

interface ServiceEdgesViewProps {
  service: string | undefined;
  window: TimeWindow;
  go: (view: ViewState) => void;
}

const ns = (value: number) => formatDuration(BigInt(Math.round(value)));

/**
 * The service graph's edges as a table, slowest p95 first (optionally only those touching one service): every
 * edge opens onto the traces that go through it. Shown where the drawn graph is not available.
 */
export function ServiceEdgesView({ service, window, go }: ServiceEdgesViewProps) {
  const graph = useQuery(serviceEdgesQuery(useApiClient(), window));
  const edges = (graph.data?.edges ?? [])
    .filter((edge) => service === undefined || edge.source === service || edge.target === service)
    .sort((a, b) => b.p95Ns - a.p95Ns);
  return (
    <section className="panel traces-view" data-testid="edges-view" data-status={graph.status}>
      <div className="view-toolbar">
        <h2 className="view-title">Service calls</h2>
        <span className="muted">{service ? `to and from ${service}` : 'every edge of the service graph'} · slowest p95 first</span>
      </div>
      {graph.isPending && <LoadingState label="Building the service graph…" />}
      {graph.isError && <ErrorState title="Could not build the service graph" error={graph.error} />}
      {graph.isSuccess && edges.length === 0 && <EmptyState title="No calls between services in this time range" />}
      {graph.isSuccess && edges.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>Caller → callee</th>
                <th className="fit">Mode</th>
                <th className="numeric fit">Calls</th>
                <th className="numeric fit">Errors</th>
                <th className="numeric fit">p50</th>
                <th className="numeric fit">p95</th>
                <th className="numeric fit">p99</th>
              </tr>
            </thead>
            <tbody>
              {edges.map((edge) => (
                <tr
                  key={`${edge.source}>${edge.target}>${edge.mode}`}
                  className="clickable"
                  data-testid="edge-row"
                  data-source={edge.source}
                  data-target={edge.target}
                  data-p95-ns={edge.p95Ns}
                  tabIndex={0}
                  onClick={() => go({ view: 'traces', edge: { source: edge.source, target: edge.target } })}
                  onKeyDown={(event) => event.key === 'Enter' && go({ view: 'traces', edge: { source: edge.source, target: edge.target } })}
                >
                  <td>
                    <span className="service-tag">{edge.source}</span> → <span className="service-tag">{edge.target}</span>
                  </td>
                  <td className="muted">{edge.mode}</td>
                  {edge.origin === 'dependencies' ? (
                    // No cached span crosses it: the count is the backend's (pulled dependencies), there is no latency.
                    <>
                      <td className="numeric muted" title={(edge.dependencies ?? []).map((d) => `from ${d.source} dependencies`).join(', ')}>
                        {formatCount((edge.dependencies ?? []).reduce((n, d) => n + d.callCount, 0))} (deps)
                      </td>
                      <td className="numeric muted" colSpan={4}>
                        no cached spans
                      </td>
                    </>
                  ) : (
                    <>
                      <td className="numeric">{formatCount(edge.callCount)}</td>
                      <td className="numeric">{edge.errorCount > 0 ? <span className="badge badge-error">{formatCount(edge.errorCount)}</span> : <span className="muted">–</span>}</td>
                      <td className="numeric">{ns(edge.p50Ns)}</td>
                      <td className="numeric">{ns(edge.p95Ns)}</td>
                      <td className="numeric">{ns(edge.p99Ns)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
