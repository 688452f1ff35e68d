import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client.js';
import { CACHE_SCOPE } from '../../queries/keys.js';

export interface ChartsRequest {
  service: string;
  operation?: string;
  startNs?: string;
  endNs?: string;
}

/** A service's RED charts; the previous window's stay drawn while a brushed window loads. */
export function serviceChartsQuery(client: ApiClient, request: ChartsRequest, maxBuckets = 90) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'serviceCharts', { ...request, maxBuckets }],
    queryFn: () => client.serviceCharts({ ...request, maxBuckets }),
    placeholderData: keepPreviousData,
  });
}
