import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CasefileNote, JournalContent, NoteTargetKind } from '../../../shared/casefile-types.js';
import type { ViewState } from '../../../shared/view-state.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { renderNoteMarkdown } from '../lib/note-markdown.js';
import { CASEFILE_SCOPE } from './casefile-queries.js';

/** What a note written now is about: the trace or service in view, else the casefile. */
function targetOf(view: ViewState): { kind: NoteTargetKind; id: string | null } {
  if (view.view === 'trace') return view.spanId ? { kind: 'span', id: view.spanId } : { kind: 'trace', id: view.traceId };
  if ((view.view === 'traces' || view.view === 'charts' || view.view === 'logs') && view.service) return { kind: 'service', id: view.service };
  return { kind: 'casefile', id: null };
}

/**
 * Notes (Markdown kept as written, shown as plain text: nothing in a note is ever run or rendered as HTML) and
 * pins of the evidence in view.
 */
export function NotesSection({ journal, view }: { journal: JournalContent; view: ViewState }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [label, setLabel] = useState('');
  const [onCasefile, setOnCasefile] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [CASEFILE_SCOPE] });
  const target = onCasefile ? { kind: 'casefile' as const, id: null } : targetOf(view);
  const addNote = useMutation({ mutationFn: () => client.addNote({ target, body }), onSuccess: () => (setBody(''), void refresh()) });
  const addPin = useMutation({
    mutationFn: () => client.addPin({ label, ...pinOf(view), stepId: journal.steps.at(-1)?.id ?? null }),
    onSuccess: () => (setLabel(''), void refresh()),
  });
  return (
    <div className="notes-section">
      <h3 className="panel-title">Notes</h3>
      <ul className="note-list" data-testid="note-list">
        {journal.notes.map((note) => (
          <NoteItem key={note.id} note={note} />
        ))}
      </ul>
      <textarea className="note-input" data-testid="note-input" rows={3} placeholder="A note (Markdown)…" value={body} onChange={(e) => setBody(e.target.value)} />
      {targetOf(view).kind !== 'casefile' && (
        <label className="muted">
          <input type="checkbox" checked={onCasefile} onChange={(e) => setOnCasefile(e.target.checked)} /> on the whole casefile, not on the {targetOf(view).kind} in view
        </label>
      )}
      <button type="button" className="button" data-testid="note-add" disabled={body.trim() === ''} onClick={() => addNote.mutate()}>
        Add note
      </button>
      <h3 className="panel-title">Pins</h3>
      <ul className="pin-list" data-testid="pin-list">
        {journal.pins.map((pin) => (
          <li key={pin.id} data-testid="pin-item">
            <b>{pin.label}</b> <span className="muted">{pin.kind} {Object.values(pin.ref).join(' ')} · {pin.author}</span>
          </li>
        ))}
      </ul>
      <input className="pin-input" data-testid="pin-label" placeholder="Label for what is in view…" value={label} onChange={(e) => setLabel(e.target.value)} />
      <button type="button" className="button" data-testid="pin-add" disabled={label.trim() === ''} onClick={() => addPin.mutate()}>
        Pin this view
      </button>
    </div>
  );
}

function NoteItem({ note }: { note: CasefileNote }) {
  return (
    <li className="note-item" data-testid="note-item">
      <div className="note-meta muted">
        {note.author} · {note.target.kind}
        {note.target.id ? ` ${note.target.id}` : ''} · {new Date(note.updatedAt).toLocaleString()}
      </div>
      {/* Markdown with no HTML of its own and no remote content (lib/note-markdown.ts), safe to insert. */}
      <div className="note-body note-markdown" data-testid="note-body" dangerouslySetInnerHTML={{ __html: renderNoteMarkdown(note.body) }} />
    </li>
  );
}

function pinOf(view: ViewState): { kind: 'trace' | 'span' | 'log' | 'service' | 'graph' | 'chart'; ref: Record<string, string> } {
  switch (view.view) {
    case 'trace':
      return view.spanId ? { kind: 'span', ref: { traceId: view.traceId, spanId: view.spanId } } : { kind: 'trace', ref: { traceId: view.traceId } };
    case 'charts':
      return { kind: 'chart', ref: { service: view.service } };
    case 'logs':
      return view.traceId ? { kind: 'log', ref: { traceId: view.traceId } } : { kind: 'service', ref: { service: view.service ?? '' } };
    case 'traces':
      return { kind: 'service', ref: { service: view.service ?? '' } };
    default:
      return { kind: 'graph', ref: view.view === 'graph' && view.service ? { service: view.service } : {} };
  }
}
