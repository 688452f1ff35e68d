import { useState } from 'react';
import { AppHeader } from './components/AppHeader.js';
import { DropZone } from './components/DropZone.js';
import { ImportPanel } from './components/ImportPanel.js';
import { LoadHistory } from './components/LoadHistory.js';
import { ServiceList } from './components/ServiceList.js';
import { TraceList } from './components/TraceList.js';
import { TraceView } from './components/TraceView.js';
import { useImportQueue } from './hooks/use-import-queue.js';
import { useTheme } from './hooks/use-theme.js';

/** The shell: header, services on the left, traces or one trace in the main area, imports floating bottom right. */
export function App() {
  const { theme, toggleTheme } = useTheme();
  const imports = useImportQueue();
  const [service, setService] = useState<string | null>(null);
  const [traceId, setTraceId] = useState<string | null>(null);
  const importFiles = (files: File[]) => void imports.startImport(files);

  const selectService = (name: string | null) => {
    setService(name);
    setTraceId(null);
  };

  return (
    <DropZone onFiles={importFiles}>
      <div className="app">
        <AppHeader theme={theme} onToggleTheme={toggleTheme} onImportFiles={importFiles} />
        <div className="app-body">
          <aside className="sidebar">
            <ServiceList selected={service} onSelect={selectService} />
            <LoadHistory />
          </aside>
          <main className="main">
            {traceId === null ? (
              <TraceList service={service} onOpenTrace={setTraceId} />
            ) : (
              <TraceView key={traceId} traceId={traceId} onClose={() => setTraceId(null)} />
            )}
          </main>
        </div>
        <ImportPanel entries={imports.entries} onDismiss={imports.dismiss} onClear={imports.clear} />
      </div>
    </DropZone>
  );
}
