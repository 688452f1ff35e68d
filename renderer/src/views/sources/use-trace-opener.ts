import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { pullJobQuery } from './sources-queries.js';

/**
 * Opening a trace named by a log line: the trace may not be in the cache yet, so it is pulled from whichever trace
 * source has it (or answered from the cache), then opened.
 */
export function useTraceOpener(open: (traceId: string) => void) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (traceId: string) => client.pullTrace({ traceId }),
    onSuccess: (job) => {
      queryClient.setQueryData(pullJobQuery(client, job.id).queryKey, job);
      setJobId(job.id);
    },
  });
  const job = useQuery(pullJobQuery(client, jobId)).data ?? null;
  const found = job?.state === 'done' ? (job.traces[0]?.traceId ?? null) : null;
  useEffect(() => {
    if (found === null) return;
    void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
    open(found);
  }, [found, open, queryClient]);
  return {
    openTrace: (traceId: string) => start.mutate(traceId),
    pending: start.isPending || job?.state === 'running',
    error: start.error?.message ?? (job !== null && job.state !== 'running' && job.state !== 'done' ? job.error : null),
  };
}
