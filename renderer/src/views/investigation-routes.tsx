import type { ViewState, WorkbenchState } from '../../../shared/view-state.js';
import type { TimeWindow } from '../lib/time-range.js';
import { useWorkbenchState } from '../state/WorkbenchStateContext.js';
import { ChartsView } from './charts/ChartsView.js';
import { LogsView } from './logs/LogsView.js';

type LogsViewState = Extract<ViewState, { view: 'logs' }>;
type ChartsViewState = Extract<ViewState, { view: 'charts' }>;

interface RouteProps<V> {
  view: V;
  state: WorkbenchState;
  window: TimeWindow;
  go: (view: ViewState) => void;
}

/**
 * The logs and charts views bound to the workbench state: filters and pivots become view states (history entries),
 * a brushed range becomes the shared absolute time window.
 */
function useBrushTime(): (startNs: string, endNs: string) => void {
  const { navigate } = useWorkbenchState();
  return (startNs, endNs) => navigate({ time: { kind: 'absolute', startNs, endNs } });
}

export function LogsRoute({ view, state, window, go }: RouteProps<LogsViewState>) {
  const onBrushTime = useBrushTime();
  const { service, traceId, spanId, text, minSeverity } = view;
  const filter = { service, traceId, spanId, text, minSeverity };
  return (
    <LogsView
      filter={filter}
      startNs={window.startNs}
      endNs={window.endNs}
      timeZone={state.timeZone}
      onOpenSpan={(trace, span) => go({ view: 'trace', traceId: trace, spanId: span })}
      onChangeFilter={(next) => go(definedView({ view: 'logs', ...next }))}
      onBrushTime={onBrushTime}
    />
  );
}

export function ChartsRoute({ view, state, window, go }: RouteProps<ChartsViewState>) {
  const onBrushTime = useBrushTime();
  return (
    <ChartsView
      service={view.service}
      operation={view.operation}
      startNs={window.startNs}
      endNs={window.endNs}
      timeZone={state.timeZone}
      onBrushTime={onBrushTime}
      onOperation={(operation) => go({ view: 'charts', service: view.service, ...(operation === undefined ? {} : { operation }) })}
    />
  );
}

/** View states are serialised into the URL: absent filters are left out rather than stored as undefined. */
function definedView(view: LogsViewState): LogsViewState {
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined)) as LogsViewState;
}
