import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

/** The load ledger: every import, pull and demo load, newest first. */
export function loadsQuery(client: ApiClient, limit = 100) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'loads', { limit }],
    queryFn: () => client.listLoads({ limit }),
  });
}
