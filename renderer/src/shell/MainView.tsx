import { Suspense, lazy } from 'react';
import type { ViewState, WorkbenchState } from '../../../shared/view-state.js';
import { LoadingState } from '../components/QueryStates.js';
import type { TimeWindow } from '../lib/time-range.js';
import { ServiceEdgesView } from '../views/edges/ServiceEdgesView.js';
import { LogSearchView } from '../views/log-search/LogSearchView.js';
import { TraceWaterfallView } from '../views/trace/TraceWaterfallView.js';
import { TracesView } from '../views/traces/TracesView.js';

// Views that draw with cytoscape or echarts, and the sources view, load as their own chunks when first shown: the
// first screen does not wait for libraries it may not draw with (test/renderer-chunks.test.ts keeps it so).
const GraphView = lazy(() => import('../views/graph/GraphView.js').then((m) => ({ default: m.GraphView })));
const LogsRoute = lazy(() => import('../views/investigation-routes.js').then((m) => ({ default: m.LogsRoute })));
const ChartsRoute = lazy(() => import('../views/investigation-routes.js').then((m) => ({ default: m.ChartsRoute })));
const SlosView = lazy(() => import('../views/slos/SlosView.js').then((m) => ({ default: m.SlosView })));
const SourcesView = lazy(() => import('../views/sources/SourcesView.js').then((m) => ({ default: m.SourcesView })));

interface MainViewProps {
  state: WorkbenchState;
  window: TimeWindow;
  go: (view: ViewState) => void;
}

/** The main area: the view the workbench state names, given the shared time window and a way to pivot. */
export function MainView(props: MainViewProps) {
  return (
    <Suspense fallback={<LoadingState label="Loading the view…" />}>
      <CurrentView {...props} />
    </Suspense>
  );
}

function CurrentView({ state, window, go }: MainViewProps) {
  const view = state.view;
  switch (view.view) {
    case 'graph':
      return (
        <GraphView
          key="graph"
          service={view.service}
          edge={view.edge}
          startNs={window.startNs}
          endNs={window.endNs}
          onSelectService={(service) => go({ view: 'graph', ...(service === undefined ? {} : { service }) })}
          onSelectEdge={(edge) => go({ view: 'graph', ...(edge === undefined ? {} : { edge }) })}
          onOpenTrace={(traceId) => go({ view: 'trace', traceId })}
          onOpenTraces={(filter) => go({ view: 'traces', ...filter })}
        >
          <ServiceEdgesView service={view.service} window={window} go={go} />
        </GraphView>
      );
    case 'traces':
      return <TracesView key={view.groupBy ?? 'list'} view={view} window={window} timeZone={state.timeZone} go={go} />;
    case 'trace':
      return (
        <TraceWaterfallView
          key={view.traceId}
          traceId={view.traceId}
          spanId={view.spanId}
          onSelectSpan={(spanId) => go({ view: 'trace', traceId: view.traceId, ...(spanId === undefined ? {} : { spanId }) })}
          onOpenTrace={(traceId, spanId) => go({ view: 'trace', traceId, ...(spanId === undefined ? {} : { spanId }) })}
          onClose={() => go({ view: 'traces' })}
        />
      );
    case 'logs':
      // Attribute pivots keep the plain search list; everything else gets the correlated logs view.
      if (view.attribute !== undefined) return <LogSearchView view={view} window={window} timeZone={state.timeZone} go={go} />;
      return <LogsRoute view={view} state={state} window={window} go={go} />;
    case 'charts':
      return <ChartsRoute key={view.service} view={view} state={state} window={window} go={go} />;
    case 'sources':
      return <SourcesView source={view.source} time={state.time} timeZone={state.timeZone} go={go} />;
    case 'slos':
      return <SlosView selected={view.slo} window={window} timeZone={state.timeZone} go={go} />;
  }
}
