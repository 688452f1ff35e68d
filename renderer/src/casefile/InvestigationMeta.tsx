import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import { CASEFILE_SCOPE } from './casefile-queries.js';

/** The investigation's title and who is writing (the OS user name by default): both editable, saved on blur. */
export function InvestigationMeta({ title, author }: { title: string; author: string }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ title, author });
  const save = useMutation({
    mutationFn: (change: { title?: string; author?: string }) => client.setInvestigation(change),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [CASEFILE_SCOPE] }),
  });
  const commit = (key: 'title' | 'author') => {
    const value = draft[key].trim();
    if (value !== '' && value !== (key === 'title' ? title : author)) save.mutate({ [key]: value });
  };
  return (
    <div className="investigation-meta">
      <input className="note-input investigation-title" data-testid="investigation-title" aria-label="Title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} onBlur={() => commit('title')} />
      <label className="muted">
        as{' '}
        <input className="pin-input investigation-author" data-testid="investigation-author" aria-label="Author" value={draft.author} onChange={(e) => setDraft({ ...draft, author: e.target.value })} onBlur={() => commit('author')} />
      </label>
    </div>
  );
}
