import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PullJob } from '../../../../shared/source-pulls.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import type { ApiClient } from '../../api/client.js';
import { CACHE_SCOPE } from '../../queries/keys.js';

const POLL_MS = 300;

export interface ExemplarsPulled {
  source: string;
  service: string;
  jobs: { label: string; job: PullJob }[];
}

/**
 * A fleet suspect's evidence: the trace questions the main process derives from the fleet answer (slowest and failing
 * after the onset, normal before it), each pulled through the cache from the chosen trace source; resolves when all
 * have finished.
 */
export function useExemplars() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ source, service }: { source: string; service: string }): Promise<ExemplarsPulled> => {
      const questions = await client.exemplarQuestions({ source, service });
      const jobs: ExemplarsPulled['jobs'] = [];
      for (const question of questions) jobs.push({ label: question.label, job: await finished(client, await client.pullTraces({ source, query: question.query, refresh: false })) });
      return { source, service, jobs };
    },
    // New traces in the cache: every view reading it, and the ranking's "basis", refresh.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] }),
  });
}

async function finished(client: ApiClient, job: PullJob): Promise<PullJob> {
  let current = job;
  // Bounded: a pull job always ends (timeouts are per request, retries are capped).
  for (let polls = 0; current.state === 'running' && polls < 2000; polls++) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await client.pullJob({ id: current.id });
  }
  return current;
}
