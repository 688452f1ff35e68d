import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import type { TraceSort } from '../../../shared/api-types.js';
import type { EdgeTraceSort } from '../../../shared/graph-types.js';
import type { ViewState } from '../../../shared/view-state.js';
import type { TimeWindow } from '../lib/time-range.js';
import { CACHE_SCOPE } from './keys.js';

/** Omnibox candidates for what was typed; the previous answer stays up while the next keystroke's loads. */
export function resolveQueryQuery(client: ApiClient, text: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'resolveQuery', { text }],
    queryFn: () => client.resolveQuery({ text }),
    enabled: text.trim() !== '',
    placeholderData: keepPreviousData,
  });
}

export function tracesByAttributeQuery(client: ApiClient, key: string, value: string, window: TimeWindow, limit = 200) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'tracesByAttribute', { key, value, ...window, limit }],
    queryFn: () => client.tracesByAttribute({ key, value, limit, ...window }),
  });
}

export function attributeGroupsQuery(client: ApiClient, key: string, service: string | undefined, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'groupTracesByAttribute', { key, service, ...window }],
    queryFn: () => client.groupTracesByAttribute({ key, ...(service === undefined ? {} : { service }), ...window }),
  });
}

/** The traces list's rows per page. */
export const TRACE_PAGE = 200;

/** Which traces a list holds and in what order, as the cache's list calls take them. */
export interface TraceListFilter {
  service?: string;
  operation?: string;
  errorsOnly: boolean;
  minDurationNs?: number;
  maxDurationNs?: number;
  ascending?: boolean;
}

/** A page of traces, of one service or all, filtered and ordered, with how many match in all. */
export function traceListQuery(client: ApiClient, filter: TraceListFilter & { sort?: TraceSort }, window: TimeWindow, offset: number) {
  const input = { ...filter, ...window, offset, limit: TRACE_PAGE };
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'listTraces', input],
    queryFn: () => client.listTraces(input),
    placeholderData: keepPreviousData,
  });
}

/** A page of the traces through one graph edge, worst call first unless another order is asked. */
export function edgeTraceListQuery(
  client: ApiClient,
  edge: { source: string; target: string },
  filter: Omit<TraceListFilter, 'service' | 'operation'> & { sort?: EdgeTraceSort },
  window: TimeWindow,
  offset: number,
) {
  const input = { ...edge, ...filter, ...window, offset, limit: TRACE_PAGE };
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'edgeTraces', input],
    queryFn: () => client.edgeTraces(input),
    placeholderData: keepPreviousData,
  });
}

/** The logs for a logs view state: by attribute value (nav call), else by trace, span, service, text, severity. */
export function logSearchQuery(client: ApiClient, view: Extract<ViewState, { view: 'logs' }>, window: TimeWindow, limit = 500) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'logSearch', { ...view, ...window, limit }],
    queryFn: () => {
      if (view.attribute) return client.logsByAttribute({ ...view.attribute, limit, ...window });
      const { traceId, spanId, service, text, minSeverity } = view;
      return client.searchLogs({ traceId, spanId, service, text, minSeverity, limit, ...window });
    },
  });
}

/** The service graph, for the table of its edges. */
export function serviceEdgesQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'serviceGraph', window],
    queryFn: () => client.serviceGraph(window),
  });
}
