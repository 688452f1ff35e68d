import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TimeRange, ViewState, WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SourceForm } from './SourceForm.js';
import { SourceList } from './SourceList.js';
import { SourcePage } from './SourcePage.js';
import { sourcesQuery } from './sources-queries.js';
import './sources.css';

interface SourcesViewProps {
  /** The source open in the view state, if any. */
  source: string | undefined;
  time: TimeRange;
  timeZone: WorkbenchState['timeZone'];
  go: (view: ViewState) => void;
}

/**
 * Live sources (Jaeger, Tempo, Zipkin, Loki, Elasticsearch/OpenSearch): the list, a source's page (test, search,
 * settings) and the form to add one. Which source is open is view state, so back/forward and links work.
 */
export function SourcesView({ source, time, timeZone, go }: SourcesViewProps) {
  const client = useApiClient();
  const sources = useQuery(sourcesQuery(client));
  const [adding, setAdding] = useState(false);
  const open = (name: string | undefined) => {
    setAdding(false);
    go(name === undefined ? { view: 'sources' } : { view: 'sources', source: name });
  };
  const context = { range: time, timeZone };
  const status = sources.isSuccess ? 'success' : sources.isError ? 'error' : 'loading';

  let body;
  if (!sources.isSuccess) {
    body = sources.isError ? <ErrorState title="Sources could not be listed" error={sources.error} /> : <LoadingState label="Reading sources…" />;
  } else if (source !== undefined) {
    const info = sources.data.sources.find((s) => s.config.name === source);
    body =
      info === undefined ? (
        <EmptyState title={`No source named “${source}”`}>It may have been removed; pick another from the list.</EmptyState>
      ) : (
        <SourcePage
          key={info.config.name}
          source={info}
          context={context}
          timeZone={timeZone}
          onBack={() => open(undefined)}
          onOpenTrace={(traceId) => go({ view: 'trace', traceId })}
        />
      );
  } else if (adding || sources.data.sources.length === 0) {
    body = (
      <div className="source-page">
        <h2 className="view-title">Add a source</h2>
        <SourceForm editing={null} onSaved={(name) => open(name)} onCancel={() => setAdding(false)} />
      </div>
    );
  } else {
    body = <SourceList sources={sources.data.sources} timeZone={timeZone} onOpen={open} />;
  }

  return (
    <section className="panel sources-view" data-testid="sources-view" data-status={status}>
      <div className="view-toolbar">
        <h2 className="view-title">Sources</h2>
        {sources.isSuccess && (
          <span className="muted sources-where" title={`Configs: ${sources.data.configFile}\nSecrets: ${sources.data.secretsIn}`}>
            configs in {sources.data.configFile} · secrets in {sources.data.secretsIn}
          </span>
        )}
        <span className="header-spacer" />
        {source === undefined && !adding && sources.isSuccess && sources.data.sources.length > 0 && (
          <button type="button" className="button" data-testid="source-add" onClick={() => setAdding(true)}>
            Add source
          </button>
        )}
      </div>
      <div className="sources-body">{body}</div>
    </section>
  );
}
