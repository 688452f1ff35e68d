import type { ImportEntry } from '../hooks/use-import-queue.js';
import { ImportJobRow } from './ImportJobRow.js';
import { ImportStartFailedRow } from './ImportStartFailedRow.js';

interface ImportPanelProps {
  entries: readonly ImportEntry[];
  onDismiss: (key: string) => void;
  onClear: () => void;
}

/** Progress of the imports started in this window, newest first. Hidden until the first import. */
export function ImportPanel({ entries, onDismiss, onClear }: ImportPanelProps) {
  if (entries.length === 0) return null;
  return (
    <section className="import-panel" data-testid="import-panel" aria-label="Imports">
      <header className="import-panel-header">
        <h2 className="panel-title">Imports</h2>
        <button type="button" className="button button-quiet" onClick={onClear}>
          Clear
        </button>
      </header>
      <ul className="import-list">
        {entries.map((entry) => (
          <li key={entry.key}>
            {entry.jobId !== null ? (
              <ImportJobRow jobId={entry.jobId} onDismiss={() => onDismiss(entry.key)} />
            ) : (
              <ImportStartFailedRow fileName={entry.fileName} message={entry.startError ?? 'unknown error'} onDismiss={() => onDismiss(entry.key)} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
