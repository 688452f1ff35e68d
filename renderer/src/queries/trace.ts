import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

export function traceQuery(client: ApiClient, traceId: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'trace', traceId],
    queryFn: () => client.getTrace({ traceId }),
  });
}
