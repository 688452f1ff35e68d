import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Conclusion } from '../../../shared/casefile-types.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { CASEFILE_SCOPE } from './casefile-queries.js';

const FIELDS = [
  ['summary', 'Summary'],
  ['rootCause', 'Root cause'],
  ['impact', 'Impact'],
  ['followUps', 'Follow-ups'],
] as const;

/** The conclusion block: summary, root cause, impact, follow-ups; the reviewer can fill it in too. */
export function ConclusionForm({ conclusion }: { conclusion: Conclusion | null }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    summary: conclusion?.summary ?? '',
    rootCause: conclusion?.rootCause ?? '',
    impact: conclusion?.impact ?? '',
    followUps: conclusion?.followUps ?? '',
  });
  const save = useMutation({ mutationFn: () => client.setConclusion(draft), onSuccess: () => void queryClient.invalidateQueries({ queryKey: [CASEFILE_SCOPE] }) });
  return (
    <div className="conclusion-form" data-testid="conclusion">
      <h3 className="panel-title">Conclusion</h3>
      {FIELDS.map(([key, label]) => (
        <label key={key} className="conclusion-field">
          <span className="muted">{label}</span>
          <textarea rows={2} data-testid={`conclusion-${key}`} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
        </label>
      ))}
      <button type="button" className="button" data-testid="conclusion-save" onClick={() => save.mutate()}>
        Save conclusion
      </button>
      {conclusion && conclusion.updatedAt > 0 && <span className="muted"> by {conclusion.author}</span>}
    </div>
  );
}
