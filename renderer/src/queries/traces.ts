import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

/** Traces to list; `service` null means every service. */
export function tracesQuery(client: ApiClient, service: string | null, limit = 200) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'traces', { service, limit }],
    queryFn: () => client.searchTraces(service === null ? { limit } : { service, limit }),
  });
}
