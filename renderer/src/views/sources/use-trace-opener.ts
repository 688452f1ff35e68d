import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { pullJobQuery } from './sources-queries.js';

/**
 * Opening a trace named by a log line: the trace may not be in the cache yet, so it is pulled from whichever trace
 * source has it (or answered from the cache), then opened: as soon as its answer is being written, for a big one.
 */
export function useTraceOpener(open: (traceId: string) => void) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  /** The trace this pull has opened (while written, then not again once done). */
  const opened = useRef<string | null>(null);
  const start = useMutation({
    mutationFn: (traceId: string) => client.pullTrace({ traceId }),
    onSuccess: (job) => {
      opened.current = null;
      queryClient.setQueryData(pullJobQuery(client, job.id).queryKey, job);
      setJobId(job.id);
    },
  });
  const job = useQuery(pullJobQuery(client, jobId)).data ?? null;
  // A big trace opens while its answer is written (its first rows come from the pull's own rows), else once it is in.
  const arriving = job?.state === 'running' ? (job.arrivingTrace?.traceId ?? null) : null;
  const found = job?.state === 'done' ? (job.traces[0]?.traceId ?? null) : null;
  useEffect(() => {
    const traceId = arriving ?? found;
    if (found !== null) void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
    if (traceId === null || opened.current === traceId) return;
    opened.current = traceId;
    open(traceId);
  }, [arriving, found, open, queryClient]);
  return {
    openTrace: (traceId: string) => start.mutate(traceId),
    pending: start.isPending || job?.state === 'running',
    error: start.error?.message ?? (job !== null && job.state !== 'running' && job.state !== 'done' ? job.error : null),
  };
}
