import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { WorkbenchState } from '../../../shared/view-state.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { stateToHash } from '../lib/workbench-hash.js';
import { CASEFILE_SCOPE } from './casefile-queries.js';
import { takeStepIntent } from './step-intent.js';

/**
 * Records every WorkbenchState change as a journal step (the core works out and keeps the rows the view shows). A
 * change made by replay is not a new step; a change after replay stopped at a step branches off it.
 */
export function useStepRecorder(state: WorkbenchState, branchFrom: number | null, replaying: boolean): void {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const last = useRef<string | null>(null);
  const hash = stateToHash(state);
  useEffect(() => {
    if (last.current === hash) return;
    last.current = hash;
    const intent = takeStepIntent();
    if (replaying) return;
    void client
      .recordStep({ kind: intent?.kind ?? 'view', state, detail: intent?.detail ?? {}, parentId: branchFrom })
      .then(() => queryClient.invalidateQueries({ queryKey: [CASEFILE_SCOPE] }))
      .catch(() => {
        // A journal that cannot be written must not stop the investigation; the status badge shows the count.
      });
    // `state` is read only when its hash changes.
  }, [hash, client, queryClient, replaying, branchFrom]);
}
