import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import { formatBytes } from '../lib/format-bytes.js';
import { CASEFILE_SCOPE, casefileSizesQuery, casefileStatusQuery, recentCasefilesQuery } from './casefile-queries.js';
import { downloadSaved, mergePickedCasefile, openPickedCasefile } from './casefile-transfer.js';

/**
 * The header's casefile menu: which casefile is open (and that it is offline evidence), Save (Ctrl/Cmd+S), Open
 * (Ctrl/Cmd+O), Close, recent files, and the choice of what a save keeps with the size of each.
 */
export function CasefileMenu() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const status = useQuery(casefileStatusQuery(client));
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  // Opening or closing a casefile changes what every view reads: everything is asked again.
  const refreshAll = () => queryClient.resetQueries();

  const save = useMutation({
    mutationFn: async (evidence: 'looked-at' | 'all-in-window') => {
      const saved = await client.saveCasefile({ evidence });
      await downloadSaved(saved);
      return saved;
    },
    onSuccess: (saved) => {
      setMessage(`Saved ${saved.downloadName ?? saved.file} (${formatBytes(saved.bytes)})`);
      void queryClient.invalidateQueries({ queryKey: [CASEFILE_SCOPE] });
    },
    onError: (error) => setMessage(`Save failed: ${error.message}`),
  });
  const openFile = useMutation({
    mutationFn: (file: File) => openPickedCasefile(client, file),
    onSuccess: () => {
      setMessage(null);
      setOpen(false);
      void refreshAll();
    },
    onError: (error) => setMessage(error.message),
  });
  const merge = useMutation({
    mutationFn: (file: File) => mergePickedCasefile(client, file),
    onSuccess: (merged) => {
      const a = merged.added;
      setMessage(`Merged: ${merged.downloadName ?? merged.file} (+${a.spans} spans, +${a.logs} logs, +${a.steps} steps, +${a.notes} notes, +${a.pins} pins)`);
      setOpen(false);
      void refreshAll();
    },
    onError: (error) => setMessage(`Merge failed: ${error.message}`),
  });
  // A casefile picked while another is open: merge it in, or open it instead (asked, never assumed).
  const [picked, setPicked] = useState<File | null>(null);
  const close = useMutation({ mutationFn: () => client.closeCasefile({}), onSuccess: () => void refreshAll() });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') save.mutate('looked-at');
      else if (key === 'o') picker.current?.click();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (status.data?.evidence.kind === 'casefile') setPicked(file);
    else openFile.mutate(file);
  };
  const data = status.data;
  const evidence = data?.evidence;
  const decide = (choice: 'merge' | 'open' | 'cancel') => {
    if (picked !== null && choice === 'merge') merge.mutate(picked);
    if (picked !== null && choice === 'open') openFile.mutate(picked);
    setPicked(null);
  };
  return (
    <span className="casefile-menu" data-testid="casefile-menu">
      {evidence?.kind === 'casefile' ? (
        <span className="badge casefile-badge" data-testid="casefile-open" title={`${evidence.info.title} — ${evidence.info.file}`}>
          {/* What matters most first: a narrow header cuts the title, never the fact that this is offline evidence. */}
          offline evidence
          {evidence.indexing && (
            <span data-testid="casefile-indexing" title="This casefile's search indexes are being built on a copy of it; text searches wait for them">
              {' '}
              · indexing for search…
            </span>
          )}{' '}
          · {evidence.info.title}
        </span>
      ) : (
        <span className="muted casefile-title" data-testid="casefile-title">
          {data?.title ?? 'Untitled investigation'}
          {data?.unsaved ? ' •' : ''}
        </span>
      )}
      <button type="button" className="button" data-testid="casefile-menu-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Casefile ▾
      </button>
      <input ref={picker} type="file" accept=".casefile" hidden data-testid="casefile-open-input" onChange={onPick} />
      {open && <CasefileMenuPopup onSave={(e) => save.mutate(e)} onOpen={() => picker.current?.click()} onClose={() => close.mutate()} isCasefile={evidence?.kind === 'casefile'} />}
      {picked !== null && evidence?.kind === 'casefile' && (
        <div className="casefile-popup panel casefile-merge" role="dialog" aria-label="Merge or open" data-testid="casefile-merge-dialog">
          <p>
            <strong>{picked.name}</strong> while <strong>{evidence.info.title}</strong> is open: merge them into one casefile (the evidence of both, each
            journal under its author), or open it instead?
          </p>
          <div className="casefile-merge-actions">
            <button type="button" className="button" data-testid="casefile-merge" onClick={() => decide('merge')}>
              Merge into “{evidence.info.title}”
            </button>
            <button type="button" className="button button-quiet" data-testid="casefile-open-instead" onClick={() => decide('open')}>
              Open instead
            </button>
            <button type="button" className="button button-quiet" onClick={() => decide('cancel')}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {merge.isPending && (
        <span className="casefile-message" role="status">
          Merging…
        </span>
      )}
      {message !== null && (
        <span className="casefile-message" data-testid="casefile-message" role="status">
          {message}
        </span>
      )}
    </span>
  );
}

function CasefileMenuPopup({ onSave, onOpen, onClose, isCasefile }: { onSave: (evidence: 'looked-at' | 'all-in-window') => void; onOpen: () => void; onClose: () => void; isCasefile: boolean }) {
  const client = useApiClient();
  const sizes = useQuery(casefileSizesQuery(client));
  const recent = useQuery(recentCasefilesQuery(client));
  return (
    <div className="casefile-popup panel" role="menu" data-testid="casefile-popup">
      <button type="button" className="button" role="menuitem" data-testid="casefile-save" onClick={() => onSave('looked-at')}>
        Save what I looked at {sizes.data && <span className="muted">({formatBytes(sizes.data.lookedAt.bytes)}, {sizes.data.lookedAt.spans} spans, {sizes.data.lookedAt.logs} logs)</span>}
      </button>
      <button type="button" className="button" role="menuitem" data-testid="casefile-save-all" onClick={() => onSave('all-in-window')}>
        Save everything in the windows {sizes.data && <span className="muted">({formatBytes(sizes.data.allInWindow.bytes)}, {sizes.data.allInWindow.spans} spans, {sizes.data.allInWindow.logs} logs)</span>}
      </button>
      <button type="button" className="button" role="menuitem" data-testid="casefile-open-button" onClick={onOpen}>
        Open casefile… <span className="muted">Ctrl+O</span>
      </button>
      {isCasefile && (
        <button type="button" className="button" role="menuitem" data-testid="casefile-close" onClick={onClose}>
          Close casefile (back to the cache)
        </button>
      )}
      {(recent.data ?? []).length > 0 && <div className="muted">Recent: {(recent.data ?? []).map((r) => r.title).join(', ')}</div>}
    </div>
  );
}
