import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

export function appInfoQuery(client: ApiClient) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'appInfo'],
    queryFn: () => client.appInfo({}),
  });
}
