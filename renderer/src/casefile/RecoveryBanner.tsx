import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CasefileStatus } from '../../../shared/contract/casefile-calls.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { CASEFILE_SCOPE } from './casefile-queries.js';

/** An investigation an earlier run left unsaved (a crash): recover it, or start afresh. */
export function RecoveryBanner({ recoverable }: { recoverable: NonNullable<CasefileStatus['recoverable']> }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const answer = useMutation({
    mutationFn: (recover: boolean) => client.recoverInvestigation({ recover }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [CASEFILE_SCOPE] }),
  });
  return (
    <div className="recovery-banner" role="alert" data-testid="recovery-banner">
      An unsaved investigation from {new Date(recoverable.updatedAt).toLocaleString()} was found ({recoverable.steps} steps, {recoverable.notes} notes,{' '}
      {recoverable.pins} pins).
      <button type="button" className="button" data-testid="recovery-recover" onClick={() => answer.mutate(true)}>
        Recover it
      </button>
      <button type="button" className="button-quiet" onClick={() => answer.mutate(false)}>
        Discard
      </button>
    </div>
  );
}
