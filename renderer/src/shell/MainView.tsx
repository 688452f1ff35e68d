import type { Span } from '../../../shared/model.js';
import type { ViewState, WorkbenchState } from '../../../shared/view-state.js';
import { EmptyState } from '../components/QueryStates.js';
import { TraceView } from '../components/TraceView.js';
import type { TimeWindow } from '../lib/time-range.js';
import { ServiceEdgesView } from '../views/edges/ServiceEdgesView.js';
import { LogSearchView } from '../views/log-search/LogSearchView.js';
import { TracesView } from '../views/traces/TracesView.js';

interface MainViewProps {
  state: WorkbenchState;
  window: TimeWindow;
  go: (view: ViewState) => void;
}

/** The main area: the view the workbench state names, given the shared time window and a way to pivot. */
export function MainView({ state, window, go }: MainViewProps) {
  const view = state.view;
  switch (view.view) {
    case 'graph':
      return <ServiceEdgesView key="graph" service={view.service} window={window} go={go} />;
    case 'traces':
      return <TracesView key={view.groupBy ?? 'list'} view={view} window={window} timeZone={state.timeZone} go={go} />;
    case 'trace':
      return (
        <TraceView
          key={view.traceId}
          traceId={view.traceId}
          selectedSpanId={view.spanId ?? null}
          onSelectSpan={(spanId) => go({ view: 'trace', traceId: view.traceId, spanId })}
          onShowSpanLogs={(span: Span) => go({ view: 'logs', traceId: span.traceId, spanId: span.spanId })}
          onClose={() => go({ view: 'traces' })}
        />
      );
    case 'logs':
      return <LogSearchView view={view} window={window} timeZone={state.timeZone} go={go} />;
    case 'charts':
      return (
        <section className="panel traces-view" data-testid="charts-placeholder">
          <EmptyState title={`Charts of ${view.service}`}>The charts view is not part of this build yet.</EmptyState>
        </section>
      );
  }
}
