import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { LogCursor } from '../../../../shared/views/logs-types.js';
import type { ApiClient } from '../../api/client.js';
import { CACHE_SCOPE } from '../../queries/keys.js';

/** What the logs view is filtered by (its part of the view state). */
export interface LogsFilter {
  service?: string;
  traceId?: string;
  spanId?: string;
  text?: string;
  minSeverity?: number;
}

export interface LogsWindow {
  startNs?: string;
  endNs?: string;
}

export const LOG_PAGE = 200;

/** Drops undefined fields: the contract's optional fields must be absent, and keys stay stable. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Pages of correlated logs, fetched by keyset cursor as the list scrolls. */
export function correlatedLogsQuery(client: ApiClient, filter: LogsFilter, window: LogsWindow) {
  const request = defined({ ...filter, ...window });
  return infiniteQueryOptions({
    queryKey: [CACHE_SCOPE, 'correlatedLogs', request],
    queryFn: ({ pageParam }) => client.correlatedLogs({ ...request, limit: LOG_PAGE, ...(pageParam === null ? {} : { after: pageParam }) }),
    initialPageParam: null as LogCursor | null,
    getNextPageParam: (page) => page.next,
  });
}

/** Counts per time bucket and severity for the same filter; the old histogram stays up while a new one loads. */
export function logHistogramQuery(client: ApiClient, filter: LogsFilter, window: LogsWindow, maxBuckets = 100) {
  const request = defined({ ...filter, ...window });
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'logHistogram', { ...request, maxBuckets }],
    queryFn: () => client.logHistogram({ ...request, maxBuckets }),
    placeholderData: keepPreviousData,
  });
}
