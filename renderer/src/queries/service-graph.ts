import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ServiceGraph } from '../../../shared/api-types.js';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

export interface TimeWindow {
  startNs?: string;
  endNs?: string;
}

/** The graph of exactly the window (the key the edges table shares). */
export function serviceGraphQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'serviceGraph', window],
    queryFn: () => client.serviceGraph(window),
  });
}

/** While an import or a pull is written, the graph is asked again this often: it grows as their spans arrive. */
const ARRIVING_POLL_MS = 1_000;

/**
 * The graph from whole minutes: the window's ragged edges rounded out (answer.counted says to what). While an import
 * or a pull is written (answer.arriving), asked again every second.
 */
function firstPaintQuery(client: ApiClient, window: TimeWindow) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'serviceGraph', window, 'first-paint'],
    queryFn: () => client.serviceGraph({ ...window, firstPaint: true }),
    refetchInterval: (query) => (query.state.data?.arriving === undefined ? false : ARRIVING_POLL_MS),
  });
}

export interface ServiceGraphState {
  data: ServiceGraph | undefined;
  status: 'pending' | 'error' | 'success';
  error: Error | null;
  /** The graph shown counts whole minutes around the window; the exact one is being counted. */
  refining: boolean;
}

/**
 * The graph at once from the cache's minute summaries, then, when the window has ragged edges (a relative preset,
 * a brushed range), the exact one: counting a partial minute's rows takes seconds at 10M spans. While an import or a
 * pull is written the first paint is kept, growing as spans arrive; the exact graph is counted once it has committed.
 */
export function useServiceGraph(client: ApiClient, window: TimeWindow): ServiceGraphState {
  const first = useQuery(firstPaintQuery(client, window));
  const rounded = first.data?.counted !== undefined && first.data.arriving === undefined;
  const exact = useQuery({ ...serviceGraphQuery(client, window), enabled: rounded });
  if (rounded && exact.data !== undefined) return { data: exact.data, status: 'success', error: null, refining: false };
  if (rounded && exact.isError) return { data: undefined, status: 'error', error: exact.error, refining: false };
  return { data: first.data, status: first.status, error: first.error, refining: rounded };
}
