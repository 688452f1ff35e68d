import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { CACHE_SCOPE } from '../../queries/keys.js';

/**
 * The ranking for the shared window. The core answers at once with the partial result so far (error origins come
 * first) and this polls until it is done; it lives under the cache scope, so new data refreshes it.
 */
export function investigateQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'analyze', window.startNs ?? null, window.endNs ?? null],
    queryFn: () => client.analyze({ startNs: window.startNs, endNs: window.endNs, symptom: { kind: 'any' } }),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 400 : false),
  });
}
