import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { DependencyQueryInput, LogQueryInput, PullJob, TraceQueryInput } from '../../../../shared/source-pulls.js';
import type { FleetQueryInput } from '../../../../shared/fleet/types.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { pullJobQuery } from './sources-queries.js';

export type PullAsk =
  | { what: 'traces'; query: TraceQueryInput }
  | { what: 'logs'; query: LogQueryInput }
  | { what: 'dependencies'; query: DependencyQueryInput }
  | { what: 'aggregates'; query: FleetQueryInput };

/**
 * One search against a source at a time: starts the pull job, polls it while it runs, cancels it. `answer` is the
 * latest finished answer, kept while a refresh of the same question runs or after it fails, so an unreachable source
 * still shows what was fetched before (with its time).
 */
export function usePull(source: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [ask, setAsk] = useState<PullAsk | null>(null);
  const [answer, setAnswer] = useState<PullJob | null>(null);

  const start = useMutation({
    mutationFn: ({ ask, refresh }: { ask: PullAsk; refresh: boolean }) =>
      ask.what === 'traces'
        ? client.pullTraces({ source, query: ask.query, refresh })
        : ask.what === 'logs'
          ? client.pullLogs({ source, query: ask.query, refresh })
          : ask.what === 'dependencies'
            ? client.pullDependencies({ source, query: ask.query, refresh })
            : client.pullAggregates({ source, query: ask.query, refresh }),
    onSuccess: (job, { ask }) => {
      queryClient.setQueryData(pullJobQuery(client, job.id).queryKey, job);
      setJobId(job.id);
      setAsk(ask);
    },
  });

  const job = useQuery(pullJobQuery(client, jobId)).data ?? null;

  const cancel = useMutation({
    mutationFn: (id: string) => client.cancelPull({ id }),
    onSuccess: (cancelled) => queryClient.setQueryData(pullJobQuery(client, cancelled.id).queryKey, cancelled),
  });

  const finishedId = job?.state === 'done' ? job.id : null;
  const fetched = job?.state === 'done' && !job.cached;
  useEffect(() => {
    if (finishedId === null) return;
    const done = queryClient.getQueryData(pullJobQuery(client, finishedId).queryKey);
    if (done !== undefined) setAnswer(done);
    // New rows in the cache: every view reading it (services, traces, the load ledger) refreshes.
    if (fetched) void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
  }, [finishedId, fetched, client, queryClient]);

  return {
    job,
    /** The finished answer to show: the current job's, or the previous one of the same question. */
    answer: answer !== null && (job === null || answer.target === job.target) ? answer : null,
    ask,
    starting: start.isPending,
    startError: start.error,
    run: (next: PullAsk) => start.mutate({ ask: next, refresh: false }),
    refresh: () => ask !== null && start.mutate({ ask, refresh: true }),
    cancel: () => job !== null && cancel.mutate(job.id),
  };
}

/** A pull as the sources view shows it: the job, its answer, and how to start, refresh or cancel it. */
export type PullState = ReturnType<typeof usePull>;
