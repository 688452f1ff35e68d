import { queryOptions } from '@tanstack/react-query';
import type { Selection } from '../../../shared/analysis/compare/compare-types.js';
import type { ApiClient } from '../api/client.js';
import type { TimeWindow } from '../lib/time-range.js';
import { CACHE_SCOPE } from './keys.js';

/** An attribute's values side by side (versions, regions…) over the requests of a service, or of all. */
export function compareValuesQuery(client: ApiClient, by: string, service: string | undefined, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'compareValues', { by, service, ...window }],
    queryFn: () => client.compareValues({ by, ...(service === undefined ? {} : { service }), ...window }),
  });
}

/** BubbleUp: attributes that set the selection (slow spans, errors) apart from the rest. */
export function compareAttributesQuery(client: ApiClient, selection: Selection, service: string | undefined, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'compareAttributes', { selection, service, ...window }],
    queryFn: () => client.compareAttributes({ selection, limitKeys: 12, ...(service === undefined ? {} : { service }), ...window }),
  });
}

export function diffTracesQuery(client: ApiClient, a: string, b: string) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'diffTraces', { a, b }],
    queryFn: () => client.diffTraces({ a: [a], b: [b] }),
  });
}
