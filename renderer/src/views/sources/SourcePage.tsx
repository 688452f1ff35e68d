import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SourceInfo } from '../../../../shared/source-pulls.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { SourceForm } from './SourceForm.js';
import { SourceSearch } from './SourceSearch.js';
import { TestResultPanel } from './TestResultPanel.js';
import type { TimeContext } from './search-query.js';
import { KIND_INFO } from './source-kinds.js';
import { lastTestQuery, sourcesQuery } from './sources-queries.js';

interface SourcePageProps {
  source: SourceInfo;
  context: TimeContext;
  timeZone: WorkbenchState['timeZone'];
  onBack: () => void;
  onOpenTrace: (traceId: string) => void;
}

/** One source: what it is, Test connection, and its two tabs: Search (through the cache) and Settings. */
export function SourcePage({ source, context, timeZone, onBack, onOpenTrace }: SourcePageProps) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const config = source.config;
  const [tab, setTab] = useState<'search' | 'settings'>('search');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const lastTest = useQuery(lastTestQuery(config.name)).data;

  const test = useMutation({
    mutationFn: () => client.testSource({ name: config.name }),
    onSuccess: (result) => queryClient.setQueryData(lastTestQuery(config.name).queryKey, { result, at: Date.now() }),
  });
  const remove = useMutation({
    mutationFn: () => client.removeSource({ name: config.name }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: lastTestQuery(config.name).queryKey });
      void queryClient.invalidateQueries({ queryKey: sourcesQuery(client).queryKey });
      onBack();
    },
  });

  return (
    <div className="source-page" data-testid="source-page" data-source={config.name}>
      <div className="source-page-head">
        <button type="button" className="link-button" data-testid="sources-back" onClick={onBack}>
          ← Sources
        </button>
        <h2 className="view-title">{config.name}</h2>
        <span className="kind-badge">{KIND_INFO[config.kind].label}</span>
        <span className="mono muted source-url">{config.url}</span>
        <span className="header-spacer" />
        <button type="button" className="button" data-testid="source-test" onClick={() => test.mutate()} disabled={test.isPending}>
          Test connection
        </button>
        {confirmRemove ? (
          <>
            <button type="button" className="button button-danger" data-testid="source-remove-confirm" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Remove {config.name}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirmRemove(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="button button-quiet" data-testid="source-remove" onClick={() => setConfirmRemove(true)}>
            Remove…
          </button>
        )}
      </div>
      {source.warnings.map((warning) => (
        <p key={warning} className="source-warning source-warning-strong" data-testid="source-warning" role="alert">
          {warning}
        </p>
      ))}
      {source.secretsMissing.length > 0 && (
        <p className="source-warning" role="alert">
          Missing secret {source.secretsMissing.join(', ')}: requests will be refused until it is set in Settings.
        </p>
      )}
      {remove.isError && <p className="source-form-failed">Not removed: {remove.error.message}</p>}
      <TestResultPanel kind={config.kind} result={test.isPending ? undefined : (lastTest?.result ?? test.data)} pending={test.isPending} error={test.error} />
      <div className="source-tabs" role="tablist">
        <button type="button" role="tab" className="source-tab" data-testid="source-tab-search" aria-selected={tab === 'search'} onClick={() => setTab('search')}>
          Search
        </button>
        <button type="button" role="tab" className="source-tab" data-testid="source-tab-settings" aria-selected={tab === 'settings'} onClick={() => setTab('settings')}>
          Settings
        </button>
      </div>
      {tab === 'search' ? (
        <SourceSearch config={config} context={context} timeZone={timeZone} onOpenTrace={onOpenTrace} />
      ) : (
        <SourceForm key={source.id} editing={source} onSaved={() => setTab('search')} onCancel={() => setTab('search')} />
      )}
    </div>
  );
}
