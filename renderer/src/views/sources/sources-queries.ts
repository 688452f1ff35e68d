import { queryOptions, skipToken } from '@tanstack/react-query';
import type { SourceTag } from '../../../../shared/contract/source-calls.js';
import type { SourceTestResult } from '../../../../shared/source-pulls.js';
import type { ApiClient } from '../../api/client.js';
import type { QueryWindow } from './search-query.js';

/**
 * The Sources view's server data. Source configs and browse answers (services, operations) live outside the cache
 * scope: an import does not change them. Pull jobs are polled while they run, like import jobs.
 */
const POLL_MS = 100;

export function sourcesQuery(client: ApiClient) {
  return queryOptions({ queryKey: ['sources'], queryFn: () => client.listSources({}) });
}

/** Asked of the source itself: kept for a few minutes, and never retried (a down source should say so at once). */
export function sourceServicesQuery(client: ApiClient, name: string) {
  return queryOptions({
    queryKey: ['sources', name, 'services'],
    queryFn: () => client.sourceServices({ name }),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function sourceOperationsQuery(client: ApiClient, name: string, service: string) {
  return queryOptions({
    queryKey: ['sources', name, 'operations', service],
    queryFn: service === '' ? skipToken : () => client.sourceOperations({ name, service }),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * The tag picker's lists, asked of the source for the search's window (a lookback stays a lookback, so the key is
 * stable). Fetched only once the picker is open; kept a minute; never retried, so an offline source says so at once.
 */
export function sourceTagsQuery(client: ApiClient, name: string, window: QueryWindow | null) {
  return queryOptions({
    queryKey: ['sources', name, 'tags', window],
    queryFn: window === null ? skipToken : () => client.sourceTags({ name, window }),
    staleTime: 60_000,
    retry: false,
  });
}

export function sourceTagValuesQuery(client: ApiClient, name: string, tag: SourceTag | null, window: QueryWindow | null) {
  return queryOptions({
    queryKey: ['sources', name, 'tagValues', tag?.scope ?? null, tag?.name ?? null, window],
    queryFn: tag === null || window === null ? skipToken : () => client.sourceTagValues({ name, tag: tag.name, scope: tag.scope, window }),
    staleTime: 60_000,
    retry: false,
  });
}

export function pullJobQuery(client: ApiClient, id: string | null) {
  return queryOptions({
    queryKey: ['pullJob', id],
    queryFn: id === null ? skipToken : () => client.pullJob({ id }),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? POLL_MS : false),
    staleTime: (query) => (query.state.data?.state === 'running' ? 0 : Infinity),
    // A job the main process has forgotten (it keeps the last 200) is not coming back.
    retry: false,
  });
}

export interface LastTest {
  result: SourceTestResult;
  at: number;
}

/**
 * The last Test connection of a source, kept for this window's session: the main process does not store test
 * results, and the list shows them beside each source. Written with setQueryData, never fetched.
 */
export function lastTestQuery(name: string) {
  return queryOptions<LastTest>({ queryKey: ['sourceTest', name], queryFn: skipToken, staleTime: Infinity, gcTime: Infinity });
}
