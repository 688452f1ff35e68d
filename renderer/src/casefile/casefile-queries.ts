import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';

/** The investigation's own queries live under this key: they change on every step, not on imports. */
export const CASEFILE_SCOPE = 'casefile';

export function casefileStatusQuery(client: ApiClient) {
  return queryOptions({ queryKey: [CASEFILE_SCOPE, 'status'], queryFn: () => client.casefileStatus({}) });
}

export function journalQuery(client: ApiClient) {
  return queryOptions({ queryKey: [CASEFILE_SCOPE, 'journal'], queryFn: () => client.journal({}) });
}

export function recentCasefilesQuery(client: ApiClient) {
  return queryOptions({ queryKey: [CASEFILE_SCOPE, 'recent'], queryFn: () => client.recentCasefiles({}) });
}

export function casefileSizesQuery(client: ApiClient) {
  return queryOptions({ queryKey: [CASEFILE_SCOPE, 'sizes'], queryFn: () => client.casefileSizes({}) });
}
