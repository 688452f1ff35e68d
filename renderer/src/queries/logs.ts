import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

export interface LogScope {
  traceId: string;
  /** Narrows to one span's logs; null for the whole trace. */
  spanId: string | null;
}

export function logsQuery(client: ApiClient, { traceId, spanId }: LogScope, limit = 500) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'logs', { traceId, spanId, limit }],
    queryFn: () => client.searchLogs(spanId === null ? { traceId, limit } : { traceId, spanId, limit }),
  });
}
