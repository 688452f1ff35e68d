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

/** The canary verdict of a service, or null when it has a single version in the window. */
export function canaryQuery(client: ApiClient, service: string, window: TimeWindow) {
  return queryOptions({ queryKey: [CACHE_SCOPE, 'serviceCanary', service, window], queryFn: () => client.serviceCanary({ service, ...window }) });
}
