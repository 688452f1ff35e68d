import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api/ApiClientContext.js';
import { CasefilePanel } from './casefile/CasefilePanel.js';
import { journalQuery } from './casefile/casefile-queries.js';
import { useStepRecorder } from './casefile/use-step-recorder.js';
import type { ViewState, WorkbenchState } from '../../shared/view-state.js';
import { AppHeader } from './components/AppHeader.js';
import { AttributePivotContext } from './components/AttributePivotContext.js';
import { DropZone } from './components/DropZone.js';
import { ImportPanel } from './components/ImportPanel.js';
import { LoadHistory } from './components/LoadHistory.js';
import { ServiceList } from './components/ServiceList.js';
import { useImportQueue } from './hooks/use-import-queue.js';
import { useTheme } from './hooks/use-theme.js';
import { MainView } from './shell/MainView.js';
import { selectService, serviceOf } from './shell/view-service.js';
import { ViewNav } from './shell/ViewNav.js';
import { WorkbenchStateProvider, useWorkbenchState } from './state/WorkbenchStateContext.js';
import { InvestigatePanel } from './views/investigate/InvestigatePanel.js';

/** The workbench state (URL hash + history) around the shell. */
export function App() {
  return (
    <WorkbenchStateProvider>
      <Workbench />
    </WorkbenchStateProvider>
  );
}

/** The shell: header, views and services on the left, the current view in the main area, imports bottom right. */
function Workbench() {
  const { theme, toggleTheme } = useTheme();
  const imports = useImportQueue();
  const { state, window, navigate } = useWorkbenchState();
  const importFiles = (files: File[]) => void imports.startImport(files);
  const go = (view: ViewState) => navigate({ view });
  // Stable while navigate is, so attribute menus do not re-render on every state change.
  const pivots = useMemo(() => ({ go: (view: ViewState) => navigate({ view }) }), [navigate]);
  const replay = useReplay(navigate);
  useStepRecorder(state, replay.branchFrom, replay.showing);
  // One side panel at a time: the journal (casefile) or Investigate (analysis).
  const [side, setSide] = useState<'journal' | 'investigate' | null>(null);
  const toggleInvestigate = useCallback(() => setSide((open) => (open === 'investigate' ? null : 'investigate')), []);
  const toggleJournal = useCallback(() => setSide((open) => (open === 'journal' ? null : 'journal')), []);

  return (
    <DropZone onFiles={importFiles}>
      <div className="app">
        <AppHeader
          theme={theme}
          onToggleTheme={toggleTheme}
          onImportFiles={importFiles}
          journalOpen={side === 'journal'}
          onToggleJournal={toggleJournal}
          investigating={side === 'investigate'}
          onToggleInvestigate={toggleInvestigate}
        />
        <div className={side === 'investigate' ? 'app-body with-investigate' : 'app-body'}>
          <aside className="sidebar">
            <ViewNav view={state.view} go={go} />
            <ServiceList selected={serviceOf(state.view) ?? null} onSelect={(service) => go(selectService(state.view, service))} />
            <LoadHistory />
          </aside>
          <main className="main" data-testid="main" data-view={state.view.view}>
            <AttributePivotContext.Provider value={pivots}>
              <MainView state={state} window={window} go={go} />
            </AttributePivotContext.Provider>
          </main>
          {side === 'journal' && <CasefilePanel view={state.view} replayIndex={replay.index} onReplay={replay.show} />}
          {side === 'investigate' && <InvestigatePanel window={window} go={go} onClose={toggleInvestigate} />}
        </div>
        <ImportPanel entries={imports.entries} onDismiss={imports.dismiss} onClear={imports.clear} onOpenTrace={(traceId) => go({ view: 'trace', traceId })} />
      </div>
    </DropZone>
  );
}

/**
 * Replay of the journal: showing step i restores its WorkbenchState (the views then answer from the evidence as
 * they did). While a replayed step is on screen nothing is recorded; a change made from there is recorded as a
 * branch off that step.
 */
function useReplay(navigate: (partial: Partial<WorkbenchState>) => void) {
  const journal = useQuery(journalQuery(useApiClient()));
  const [index, setIndex] = useState<number | null>(null);
  const [branchFrom, setBranchFrom] = useState<number | null>(null);
  const steps = journal.data?.steps;
  const show = useCallback(
    (next: number | null) => {
      const step = next === null ? undefined : steps?.[next];
      if (next !== null && step === undefined) return;
      if (step !== undefined) navigate(step.state);
      setBranchFrom(next === null ? (index === null ? branchFrom : (steps?.[index]?.id ?? null)) : null);
      setIndex(next);
    },
    [steps, navigate, index, branchFrom],
  );
  return { index, show, branchFrom, showing: index !== null };
}
