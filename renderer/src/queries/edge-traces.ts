import { queryOptions } from '@tanstack/react-query';
import type { EdgeRef } from '../../../shared/view-state.js';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';
import type { TimeWindow } from './service-graph.js';

/** Traces through one graph edge, erroring then slowest first. */
export function edgeTracesQuery(client: ApiClient, edge: EdgeRef, window: TimeWindow, limit = 100) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'edgeTraces', { source: edge.source, target: edge.target, limit, ...window }],
    queryFn: () => client.edgeTraces({ source: edge.source, target: edge.target, limit, ...window }),
  });
}
