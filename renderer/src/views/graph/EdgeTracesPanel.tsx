import { useQuery } from '@tanstack/react-query';
import type { EdgeRef } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState, EmptyState, LoadingState } from '../../components/QueryStates.js';
import { formatCount } from '../../lib/format-count.js';
import { formatDuration } from '../../lib/format-duration.js';
import { edgeTracesQuery } from '../../queries/edge-traces.js';
import type { TimeWindow } from '../../queries/service-graph.js';
import { durationText } from './graph-elements.js';
import type { ViewEdge } from './graph-model.js';

interface EdgeTracesPanelProps {
  edge: EdgeRef;
  /** The edge's figures, when it is in the graph drawn. */
  figures: ViewEdge[];
  window: TimeWindow;
  onOpenTrace: (traceId: string) => void;
  onOpenTraces?: (filter: { edge: EdgeRef }) => void;
}

/** The traces that go through the selected edge, erroring first, then slowest first. */
export function EdgeTracesPanel({ edge, figures, window, onOpenTrace, onOpenTraces }: EdgeTracesPanelProps) {
  const traces = useQuery(edgeTracesQuery(useApiClient(), edge, window));
  return (
    <section className="graph-panel-section" data-testid="edge-traces" data-status={traces.status}>
      {figures.map((figure) => (
        <dl className="graph-figures" key={figure.key}>
          <div>
            <dt>{figure.mode === 'async' ? 'Messages' : 'Calls'}</dt>
            <dd>{formatCount(figure.callCount)}</dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd className={figure.errorCount > 0 ? 'text-error' : ''}>{formatCount(figure.errorCount)}</dd>
          </div>
          <div>
            <dt>p50</dt>
            <dd>{durationText(figure.p50Ns)}</dd>
          </div>
          <div>
            <dt>p95</dt>
            <dd>{durationText(figure.p95Ns)}</dd>
          </div>
          <div>
            <dt>p99</dt>
            <dd>{durationText(figure.p99Ns)}</dd>
          </div>
        </dl>
      ))}
      <h3 className="graph-panel-heading">
        Traces through this edge
        {traces.isSuccess && (
          <span className="muted" data-testid="edge-traces-count">
            {' '}
            · {traces.data.traces.length < traces.data.traceCount ? `worst ${formatCount(traces.data.traces.length)} of ` : ''}
            {formatCount(traces.data.traceCount)}
          </span>
        )}
      </h3>
      {traces.isPending && <LoadingState label="Loading traces…" />}
      {traces.isError && <ErrorState title="Could not list the edge’s traces" error={traces.error} />}
      {traces.isSuccess && traces.data.traces.length === 0 && <EmptyState title="No traces through this edge in this time range" />}
      {traces.isSuccess && traces.data.traces.length > 0 && (
        <table className="data-table graph-table">
          <thead>
            <tr>
              <th>Edge span · trace root</th>
              <th className="numeric">Duration</th>
            </tr>
          </thead>
          <tbody>
            {traces.data.traces.map((trace) => (
              <tr
                key={trace.traceId}
                className={trace.isError ? 'clickable has-error' : 'clickable'}
                data-testid="edge-trace-row"
                data-trace-id={trace.traceId}
                data-duration-ns={trace.durationNs}
                data-error={trace.isError}
                data-version={trace.spanVersion ?? ''}
                tabIndex={0}
                onClick={() => onOpenTrace(trace.traceId)}
                onKeyDown={(event) => event.key === 'Enter' && onOpenTrace(trace.traceId)}
              >
                <td className="graph-cell-clip">
                  <div className="graph-line" title={trace.spanName}>
                    <span className="service-tag">{trace.spanService}</span>
                    {trace.spanVersion !== null && <span className="graph-version"> {trace.spanVersion}</span>} {trace.spanName}
                    {trace.edgeSpanCount > 1 && <span className="muted"> ×{formatCount(trace.edgeSpanCount)}</span>}
                  </div>
                  <div className="graph-line muted" title={`${trace.rootService ?? ''} ${trace.rootName ?? ''}`}>
                    root {trace.rootService ?? '(missing)'} {trace.rootName ?? ''}
                  </div>
                </td>
                <td className="numeric graph-duration">
                  {trace.isError && <span className="badge badge-error">error</span>} <b>{durationText(trace.durationNs)}</b>
                  <div className="muted">of {formatDuration(trace.traceDurationNs)}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {onOpenTraces && (
        <button type="button" className="button graph-panel-action" onClick={() => onOpenTraces({ edge })}>
          All traces through this edge
        </button>
      )}
    </section>
  );
}
