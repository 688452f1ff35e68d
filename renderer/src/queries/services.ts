import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';
import { CACHE_SCOPE } from './keys.js';

export function servicesQuery(client: ApiClient) {
  return queryOptions({
    queryKey: [CACHE_SCOPE, 'services'],
    queryFn: () => client.listServices({}),
  });
}
