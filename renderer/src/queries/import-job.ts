import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';

const POLL_MS = 400;

/** One import's progress, polled while it runs and left alone once it is done or failed. */
export function importJobQuery(client: ApiClient, id: string) {
  return queryOptions({
    queryKey: ['importJob', id],
    queryFn: () => client.importJob({ id }),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? POLL_MS : false),
    // A finished job never changes; do not refetch it on focus.
    staleTime: (query) => (query.state.data?.state === 'running' ? 0 : Infinity),
  });
}
