import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/client.js';

/** The investigation's own queries live under this key: they change on every step, not on imports. */
export const CASEFILE_SCOPE = 'casefile';

/** Asked again every second while an opened casefile's search indexes are being built, to say when they are in. */
export function casefileStatusQuery(client: ApiClient) {
  return queryOptions({
    queryKey: [CASEFILE_SCOPE, 'status'],
    queryFn: () => client.casefileStatus({}),
    refetchInterval: (query) => {
      const evidence = query.state.data?.evidence;
      return evidence?.kind === 'casefile' && evidence.indexing ? 1000 : false;
    },
  });
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
