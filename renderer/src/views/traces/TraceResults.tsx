import { useQuery } from '@tanstack/react-query';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CachedDataHint } from '../../components/CachedDataHint.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { edgeTraceListQuery, traceSearchQuery, tracesByAttributeQuery } from '../../queries/nav.js';
import { EdgeTraceTable } from './EdgeTraceTable.js';
import { TraceTable } from './TraceTable.js';
import type { TracesViewState } from './traces-view-state.js';

interface TraceResultsProps {
  view: TracesViewState;
  window: TimeWindow;
  timeZone: WorkbenchState['timeZone'];
  onOpen: (traceId: string, spanId?: string) => void;
  picked?: readonly string[];
  onPick?: (traceId: string) => void;
}

/** The list for the filters: an edge's traces, an attribute value's, or a service's (or all) recent traces. */
export function TraceResults({ view, window, timeZone, onOpen, picked, onPick }: TraceResultsProps) {
  if (view.edge) return <EdgeResults {...{ view, window, timeZone, onOpen }} edge={view.edge} />;
  if (view.attribute) return <AttributeResults {...{ view, window, timeZone, onOpen, picked, onPick }} attribute={view.attribute} />;
  return <SearchResults {...{ view, window, timeZone, onOpen, picked, onPick }} />;
}

function EdgeResults({ view, window, timeZone, onOpen, edge }: TraceResultsProps & { edge: NonNullable<TracesViewState['edge']> }) {
  const result = useQuery(edgeTraceListQuery(useApiClient(), edge, window));
  const traces = result.data?.traces.filter((trace) => !view.errorsOnly || trace.isError);
  return (
    <Results status={result.status} error={result.error} empty={traces?.length === 0} what={`calls ${edge.source} → ${edge.target}`}>
      {traces && <EdgeTraceTable traces={traces} timeZone={timeZone} onOpen={onOpen} />}
    </Results>
  );
}

function AttributeResults({ view, window, timeZone, onOpen, picked, onPick, attribute }: TraceResultsProps & { attribute: NonNullable<TracesViewState['attribute']> }) {
  const result = useQuery(tracesByAttributeQuery(useApiClient(), attribute.key, attribute.value, window));
  const traces = result.data?.traces.filter((trace) => !view.errorsOnly || trace.errorCount > 0);
  return (
    <Results status={result.status} error={result.error} empty={traces?.length === 0} what={`traces with ${attribute.key} = ${attribute.value}`}>
      {traces && <TraceTable traces={traces} timeZone={timeZone} onOpen={onOpen} picked={picked} onPick={onPick} />}
    </Results>
  );
}

function SearchResults({ view, window, timeZone, onOpen, picked, onPick }: TraceResultsProps) {
  const filter = {
    ...(view.service === undefined ? {} : { service: view.service }),
    ...(view.operation === undefined ? {} : { operation: view.operation }),
    errorsOnly: view.errorsOnly ?? false,
  };
  const result = useQuery(traceSearchQuery(useApiClient(), filter, window));
  const what = `traces${view.service ? ` of ${view.service}` : ''}${view.operation ? ` with ${view.operation}` : ''}`;
  return (
    <Results status={result.status} error={result.error} empty={result.data?.length === 0} what={what}>
      {result.data && <TraceTable traces={result.data} timeZone={timeZone} onOpen={onOpen} picked={picked} onPick={onPick} />}
    </Results>
  );
}

interface ResultsProps {
  status: 'pending' | 'error' | 'success';
  error: unknown;
  empty: boolean | undefined;
  what: string;
  children: React.ReactNode;
}

function Results({ status, error, empty, what, children }: ResultsProps) {
  return (
    <div className="trace-results" data-testid="trace-list" data-status={status}>
      {status === 'pending' && <LoadingState label={`Loading ${what}…`} />}
      {status === 'error' && <ErrorState title={`Could not load ${what}`} error={error} />}
      {status === 'success' && empty && (
        <EmptyState title={`No ${what} in this time range`}>
          Widen the time range, drop a filter, or import more data.
          <CachedDataHint />
        </EmptyState>
      )}
      {status === 'success' && !empty && children}
    </div>
  );
}
