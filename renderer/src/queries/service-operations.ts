import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';
import type { TimeWindow } from './service-graph.js';

/** RED figures per operation of one service. */
export function serviceOperationsQuery(client: ApiClient, service: string, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'serviceOperations', { service, ...window }],
    queryFn: () => client.serviceOperations({ service, ...window }),
  });
}
