import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client.js';
import { CACHE_SCOPE } from '../../queries/keys.js';

/** The view state the cache lays rows out by (shared/contract/trace-calls.ts), minus the trace id. */
export interface WaterfallRequest {
  traceId: string;
  collapsed: string[];
  expanded: string[];
  collapseBelowDepth?: number;
  services?: string[];
  minDurationNs?: number;
  errorsOnly: boolean;
  search?: string;
  adjustSkew: boolean;
}

/** Rows are fetched in pages of this many: a screen is ~40 rows, so one or two pages cover it with overscan. */
export const ROW_PAGE = 200;

export function traceLayoutQuery(client: ApiClient, request: WaterfallRequest, reveal?: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'traceLayout', request, reveal ?? null],
    queryFn: () => client.traceLayout(reveal === undefined ? request : { ...request, reveal }),
    // Collapsing or filtering asks again; the previous layout keeps the rows on screen meanwhile.
    placeholderData: (previous) => previous,
    // A trace still being imported is asked again each second until the import commits it.
    refetchInterval: (query) => (query.state.data?.arriving === undefined ? false : 1_000),
  });
}

/** `arrived`: how many spans of a trace still being imported were laid out (its rows change with it), else null. */
export function traceRowsQuery(client: ApiClient, request: WaterfallRequest, page: number, critical: boolean, arrived: number | null = null) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'traceRows', request, page, critical, arrived],
    queryFn: () => client.traceRows({ ...request, offset: page * ROW_PAGE, limit: ROW_PAGE, critical }),
    // While the critical path (or another page) loads, keep what is on screen.
    placeholderData: (previous) => (previous?.offset === page * ROW_PAGE ? previous : undefined),
    staleTime: Infinity,
  });
}

export function spanDetailQuery(client: ApiClient, traceId: string, spanId: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'spanDetail', traceId, spanId],
    queryFn: () => client.spanDetail({ traceId, spanId }),
  });
}

export function spanLinksQuery(client: ApiClient, traceId: string, spanId: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'spanLinks', traceId, spanId],
    queryFn: () => client.spanLinks({ traceId, spanId }),
  });
}

/** The anti-pattern findings naming this trace's spans (N+1, sleeps, retries…), to mark rows. */
export function traceFindingsQuery(client: ApiClient, traceId: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'findings', traceId],
    queryFn: () => client.findings({ traceId }),
    staleTime: 60_000,
  });
}
