import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import type { ImportEntry } from '../hooks/use-import-queue.js';
import { importJobQuery } from '../queries/import-job.js';
import { ImportJobRow } from './ImportJobRow.js';
import { ImportStartFailedRow } from './ImportStartFailedRow.js';

interface ImportPanelProps {
  entries: readonly ImportEntry[];
  onDismiss: (key: string) => void;
  onClear: () => void;
  /** Opens a trace an import brought (its biggest, once done). */
  onOpenTrace: (traceId: string) => void;
}

/**
 * Progress of the imports started in this window, newest first. Hidden until the first import; once every import
 * has succeeded it folds into a small pill, so it no longer sits over the view's tables (failures keep it open,
 * to be read). The user's own fold/unfold wins.
 */
export function ImportPanel({ entries, onDismiss, onClear, onOpenTrace }: ImportPanelProps) {
  const client = useApiClient();
  const [folded, setFolded] = useState<boolean | null>(null);
  // The same queries the rows poll: reading them here costs no extra request.
  const jobs = useQueries({ queries: entries.filter((e) => e.jobId !== null).map((e) => importJobQuery(client, e.jobId!)) });
  if (entries.length === 0) return null;
  const running = jobs.filter((j) => j.data === undefined || j.data.state === 'running').length;
  const failed = jobs.filter((j) => j.data?.state === 'failed' || j.isError).length + entries.filter((e) => e.jobId === null).length;
  const isFolded = folded ?? (running === 0 && failed === 0);
  const summary = running > 0 ? `${running} running` : failed > 0 ? `${failed} failed` : `${entries.length} done`;

  if (isFolded) {
    return (
      <button type="button" className="import-pill" data-testid="import-pill" onClick={() => setFolded(false)} title="Show the imports">
        Imports · {summary}
      </button>
    );
  }
  return (
    <section className="import-panel" data-testid="import-panel" aria-label="Imports">
      <header className="import-panel-header">
        <h2 className="panel-title">Imports</h2>
        <span className="header-spacer" />
        <button type="button" className="button button-quiet" data-testid="import-fold" onClick={() => setFolded(true)} title="Fold into a small button">
          Hide
        </button>
        <button type="button" className="button button-quiet" onClick={onClear}>
          Clear
        </button>
      </header>
      <ul className="import-list">
        {entries.map((entry) => (
          <li key={entry.key}>
            {entry.jobId !== null ? (
              <ImportJobRow jobId={entry.jobId} onDismiss={() => onDismiss(entry.key)} onOpenTrace={onOpenTrace} />
            ) : (
              <ImportStartFailedRow fileName={entry.fileName} message={entry.startError ?? 'unknown error'} onDismiss={() => onDismiss(entry.key)} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
