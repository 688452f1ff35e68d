import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';

/** Polled while the receiver runs, so counts move and views refresh as data arrives; left alone while it is off. */
const POLL_MS = 1500;

/** The OTLP receiver's state. Outside the cache scope: it reports on the receiver, it does not read the cache. */
export function receiverStatusQuery(client: ApiClient) {
  return queryOptions({
    queryKey: ['receiverStatus'],
    queryFn: () => client.receiverStatus({}),
    refetchInterval: (query) => (query.state.data?.enabled === true ? POLL_MS : false),
  });
}
