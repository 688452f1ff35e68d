import { useQuery } from '@tanstack/react-query';
import type { ViewState } from '../../../shared/view-state.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { casefileStatusQuery, journalQuery } from './casefile-queries.js';
import { ConclusionForm } from './ConclusionForm.js';
import { InvestigationMeta } from './InvestigationMeta.js';
import { NotesSection } from './NotesSection.js';
import { RecoveryBanner } from './RecoveryBanner.js';
import { ReplayControls } from './ReplayControls.js';

interface CasefilePanelProps {
  view: ViewState;
  replayIndex: number | null;
  onReplay: (index: number | null) => void;
}

/** The investigation beside the views: replay of its journal, notes and pins, the conclusion. */
export function CasefilePanel({ view, replayIndex, onReplay }: CasefilePanelProps) {
  const client = useApiClient();
  const journal = useQuery(journalQuery(client));
  const status = useQuery(casefileStatusQuery(client));
  return (
    <aside className="casefile-panel" data-testid="casefile-panel">
      {status.data?.recoverable && <RecoveryBanner recoverable={status.data.recoverable} />}
      {status.data && <InvestigationMeta key={`${status.data.title}/${status.data.author}`} title={status.data.title} author={status.data.author} />}
      {journal.data && (
        <>
          <ReplayControls journal={journal.data} index={replayIndex} onShow={onReplay} />
          <NotesSection journal={journal.data} view={view} />
          <ConclusionForm key={journal.data.conclusion?.updatedAt ?? 0} conclusion={journal.data.conclusion} />
        </>
      )}
    </aside>
  );
}
