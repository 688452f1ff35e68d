import { useCallback, useMemo, useState } from 'react';
import type { ViewState } from '../../shared/view-state.js';
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
  const [investigating, setInvestigating] = useState(false);
  const toggleInvestigate = useCallback(() => setInvestigating((open) => !open), []);

  return (
    <DropZone onFiles={importFiles}>
      <div className="app">
        <AppHeader theme={theme} onToggleTheme={toggleTheme} onImportFiles={importFiles} investigating={investigating} onToggleInvestigate={toggleInvestigate} />
        <div className={investigating ? 'app-body with-investigate' : 'app-body'}>
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
          {investigating && <InvestigatePanel window={window} go={go} onClose={toggleInvestigate} />}
        </div>
        <ImportPanel entries={imports.entries} onDismiss={imports.dismiss} onClear={imports.clear} />
      </div>
    </DropZone>
  );
}
