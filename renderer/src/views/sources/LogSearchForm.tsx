import { useQuery } from '@tanstack/react-query';
import { useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import type { SourceConfig } from '../../../../shared/sources.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { FormField, fieldId } from './FormField.js';
import { SearchTimeField } from './SearchTimeField.js';
import { EMPTY_LOG_SEARCH, buildLogQuery, windowOf, type LogSearchDraft, type SearchTime, type TimeContext } from './search-query.js';
import type { FieldErrors } from './source-draft.js';
import { sourceServicesQuery } from './sources-queries.js';
import { TagBrowser, type BrowseTarget } from './TagBrowser.js';
import type { PullAsk } from './use-pull.js';
import { addLogqlMatcher, logqlMatcher } from '../../../../shared/query-fragments.js';

interface LogSearchFormProps {
  config: SourceConfig;
  context: TimeContext;
  busy: boolean;
  onSearch: (ask: PullAsk) => void;
}

/** The backend's own query language (LogQL for Loki, a query string for Elasticsearch/OpenSearch), time and limit. */
export function LogSearchForm({ config, context, busy, onSearch }: LogSearchFormProps) {
  const [draft, setDraft] = useState<LogSearchDraft>(EMPTY_LOG_SEARCH);
  const [time, setTime] = useState<SearchTime>({ kind: 'workbench' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (patch: Partial<LogSearchDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const browseWindow = windowOf(time, context);
  const loki = config.kind === 'loki';
  const services = useQuery(sourceServicesQuery(useApiClient(), config.name));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const window = windowOf(time, context);
    if (!window.ok) return setErrors(window.errors);
    const built = buildLogQuery(draft, window.window);
    setErrors(built.ok ? {} : built.errors);
    if (built.ok) onSearch({ what: 'logs', query: built.query });
  };

  return (
    <form className="source-search-form" data-testid="log-search-form" onSubmit={submit} noValidate>
      <FormField field="search.query" label={loki ? 'LogQL' : 'Query string'} error={errors.query}>
        <textarea
          id={fieldId('search.query')}
          data-testid="search-query"
          className="text-input mono source-query-input"
          rows={2}
          placeholder={loki ? 'e.g. {service_name="checkout"} |= "error"' : 'e.g. service.name:checkout AND log.level:error'}
          value={draft.query}
          onChange={(event) => set({ query: event.target.value })}
        />
      </FormField>
      {loki && <TagBrowser source={config.name} window={browseWindow.ok ? browseWindow.window : null} noun="label" targets={[lokiTarget(setDraft)]} />}
      <div className="source-search-grid">
        <FormField field="search.traceId" label="Trace id" error={errors.traceId}>
          <input
            id={fieldId('search.traceId')}
            data-testid="search-traceId"
            className="text-input mono"
            autoComplete="off"
            value={draft.traceId}
            onChange={(event) => set({ traceId: event.target.value })}
          />
        </FormField>
        <FormField field="search.service" label="Service" error={errors.service}>
          <input
            id={fieldId('search.service')}
            data-testid="search-service"
            className="text-input"
            autoComplete="off"
            list="source-log-services"
            value={draft.service}
            onChange={(event) => set({ service: event.target.value })}
          />
        </FormField>
        <FormField field="search.limit" label="Limit" error={errors.limit}>
          <input
            id={fieldId('search.limit')}
            data-testid="search-limit"
            className="text-input source-input-short"
            inputMode="numeric"
            value={draft.limit}
            onChange={(event) => set({ limit: event.target.value })}
          />
        </FormField>
      </div>
      <div className="source-search-footer">
        <SearchTimeField time={time} onChange={setTime} context={context} errors={errors} />
        <button type="submit" className="button" data-testid="search-run" disabled={busy}>
          Run query
        </button>
      </div>
      <datalist id="source-log-services">
        {(services.data ?? []).map((service) => (
          <option key={service} value={service} />
        ))}
      </datalist>
    </form>
  );
}

/** A picked label and value become a matcher in the query's stream selector (started if there is none). */
function lokiTarget(setDraft: Dispatch<SetStateAction<LogSearchDraft>>): BrowseTarget {
  return {
    id: 'logql',
    label: 'Add to LogQL',
    fragment: (tag, value) => logqlMatcher(tag.name, value.value),
    insert: (tag, value) =>
      setDraft((d) => {
        const query = addLogqlMatcher(d.query, tag.name, value.value);
        return query instanceof Error ? d : { ...d, query };
      }),
  };
}
