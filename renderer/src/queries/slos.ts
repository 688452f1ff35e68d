import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';
import type { TimeWindow } from './service-graph.js';

/** SLO statuses and canary verdicts read the cache (SLO minutes, spans): an import refreshes them with the rest. */
export function sloStatusQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({ queryKey: [CACHE_SCOPE, 'sloStatus', window], queryFn: () => client.sloStatus({ ...window }) });
}

export function sloSuggestionsQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({ queryKey: [CACHE_SCOPE, 'suggestSlos', window], queryFn: () => client.suggestSlos({ limit: 8, ...window }) });
}

/** A service with one version is refused as invalid input: that answer is final, not a failure worth retrying. */
export function canaryQuery(client: ApiClient, service: string, window: TimeWindow) {
  return queryOptions({ queryKey: [CACHE_SCOPE, 'canary', service, window], queryFn: () => client.canary({ service, ...window }), retry: false });
}
