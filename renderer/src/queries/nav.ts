import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
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

/** Recent traces, of one service or all, optionally only erroring ones, in the window. */
export function traceSearchQuery(client: ApiClient, filter: { service?: string; operation?: string; errorsOnly: boolean }, window: TimeWindow, limit = 200) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'traces', { ...filter, ...window, limit }],
    queryFn: () => client.searchTraces({ ...filter, ...window, limit }),
  });
}

/** Traces through one graph edge (the graph view's call), worst call first. */
export function edgeTraceListQuery(client: ApiClient, edge: { source: string; target: string }, window: TimeWindow, limit = 200) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'edgeTraces', { ...edge, ...window, limit }],
    queryFn: () => client.edgeTraces({ ...edge, ...window, limit }),
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
