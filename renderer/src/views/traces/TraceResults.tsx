import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TRACE_SORTS, type TraceSort } from '../../../../shared/api-types.js';
import { EDGE_TRACE_SORTS, type EdgeTraceSort } from '../../../../shared/graph-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CachedDataHint } from '../../components/CachedDataHint.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { TRACE_PAGE, edgeTraceListQuery, traceListQuery, tracesByAttributeQuery } from '../../queries/nav.js';
import { EdgeTraceTable } from './EdgeTraceTable.js';
import { ListPager } from './ListPager.js';
import type { ListOrder } from './SortableHeader.js';
import { TraceTable } from './TraceTable.js';
import type { TracesViewState } from './traces-view-state.js';

interface TraceResultsProps {
  view: TracesViewState;
  window: TimeWindow;
  timeZone: WorkbenchState['timeZone'];
  onOpen: (traceId: string, spanId?: string) => void;
  /** A header click: the new order becomes part of the view state (a history step). */
  onOrder: (order: ListOrder) => void;
  picked?: readonly string[];
  onPick?: (traceId: string) => void;
}

/**
 * The list for the filters: an edge's traces, an attribute value's, or a service's (or all) traces; with its total,
 * pages and order. The page is passing state: the list is keyed by its filters, so a new filter starts at page one.
 */
export function TraceResults(props: TraceResultsProps) {
  if (props.view.edge) return <EdgeResults {...props} edge={props.view.edge} />;
  if (props.view.attribute) return <AttributeResults {...props} attribute={props.view.attribute} />;
  return <SearchResults {...props} />;
}

/** Duration bounds and errors-only as both list calls take them. */
function listFilter(view: TracesViewState) {
  return {
    errorsOnly: view.errorsOnly ?? false,
    ...(view.minDurationMs === undefined ? {} : { minDurationNs: Math.round(view.minDurationMs * 1e6) }),
    ...(view.maxDurationMs === undefined ? {} : { maxDurationNs: Math.round(view.maxDurationMs * 1e6) }),
    ...(view.ascending ? { ascending: true } : {}),
  };
}

function EdgeResults({ view, window, timeZone, onOpen, onOrder, edge }: TraceResultsProps & { edge: NonNullable<TracesViewState['edge']> }) {
  const [offset, setOffset] = useState(0);
  const sort: EdgeTraceSort = EDGE_TRACE_SORTS.find((s) => s === view.sort) ?? 'worst';
  const result = useQuery(edgeTraceListQuery(useApiClient(), edge, { ...listFilter(view), sort }, window, offset));
  const page = result.data;
  const what = `traces through ${edge.source} → ${edge.target}`;
  return (
    <Results status={result.status} error={result.error} empty={page?.matchCount === 0} what={what}>
      {page && (
        <>
          <ListPager
            offset={offset}
            shown={page.traces.length}
            total={page.matchCount}
            pageSize={TRACE_PAGE}
            what={what}
            of={page.matchCount < page.traceCount ? `${page.traceCount} through the edge before the filters` : undefined}
            onOffset={setOffset}
          />
          <EdgeTraceTable traces={page.traces} timeZone={timeZone} onOpen={onOpen} order={{ sort, ascending: view.ascending ?? false }} onSort={onOrder} />
        </>
      )}
    </Results>
  );
}

/** An attribute value's traces: one call returns them (up to its limit); filters and order apply here. */
function AttributeResults({ view, window, timeZone, onOpen, picked, onPick, attribute }: TraceResultsProps & { attribute: NonNullable<TracesViewState['attribute']> }) {
  const result = useQuery(tracesByAttributeQuery(useApiClient(), attribute.key, attribute.value, window));
  const { minDurationNs, maxDurationNs } = listFilter(view);
  const traces = result.data?.traces.filter(
    (trace) =>
      (!view.errorsOnly || trace.errorCount > 0) &&
      (minDurationNs === undefined || Number(trace.durationNs) >= minDurationNs) &&
      (maxDurationNs === undefined || Number(trace.durationNs) <= maxDurationNs),
  );
  return (
    <Results status={result.status} error={result.error} empty={traces?.length === 0} what={`traces with ${attribute.key} = ${attribute.value}`}>
      {traces && (
        <>
          <p className="list-pager muted" data-testid="list-count">
            {traces.length} traces with {attribute.key} = {attribute.value}
            {result.data?.more ? ' (the first ones found; narrow the time range to see the rest)' : ''}
          </p>
          <TraceTable traces={traces} timeZone={timeZone} onOpen={onOpen} picked={picked} onPick={onPick} />
        </>
      )}
    </Results>
  );
}

function SearchResults({ view, window, timeZone, onOpen, onOrder, picked, onPick }: TraceResultsProps) {
  const [offset, setOffset] = useState(0);
  const sort: TraceSort = TRACE_SORTS.find((s) => s === view.sort) ?? 'start';
  const filter = {
    ...(view.service === undefined ? {} : { service: view.service }),
    ...(view.operation === undefined ? {} : { operation: view.operation }),
    ...listFilter(view),
    sort,
  };
  const result = useQuery(traceListQuery(useApiClient(), filter, window, offset));
  const page = result.data;
  const what = `traces${view.service ? ` of ${view.service}` : ''}${view.operation ? ` with ${view.operation}` : ''}`;
  return (
    <Results status={result.status} error={result.error} empty={page?.total === 0} what={what}>
      {page && (
        <>
          <ListPager offset={offset} shown={page.traces.length} total={page.total} capped={page.capped} pageSize={TRACE_PAGE} what={what} onOffset={setOffset} />
          <TraceTable
            traces={page.traces}
            timeZone={timeZone}
            onOpen={onOpen}
            picked={picked}
            onPick={onPick}
            order={{ sort, ascending: view.ascending ?? false }}
            onSort={onOrder}
          />
        </>
      )}
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
