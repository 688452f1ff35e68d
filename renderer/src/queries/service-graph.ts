import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

export interface TimeWindow {
  startNs?: string;
  endNs?: string;
}

export function serviceGraphQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'serviceGraph', window],
    queryFn: () => client.serviceGraph(window),
  });
}
