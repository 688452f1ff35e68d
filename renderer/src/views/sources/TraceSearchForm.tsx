import { useQuery } from '@tanstack/react-query';
import { useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import type { SourceConfig } from '../../../../shared/sources.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { FormField, fieldId } from './FormField.js';
import { SearchTimeField } from './SearchTimeField.js';
import { EMPTY_TRACE_SEARCH, buildTraceQuery, windowOf, type SearchTime, type TimeContext, type TraceSearchDraft } from './search-query.js';
import type { FieldErrors } from './source-draft.js';
import { sourceOperationsQuery, sourceServicesQuery } from './sources-queries.js';
import { TagBrowser, type BrowseTarget } from './TagBrowser.js';
import type { PullAsk } from './use-pull.js';
import { addTraceqlCondition, setLogfmtPair, traceqlCondition } from '../../../../shared/query-fragments.js';

interface TraceSearchFormProps {
  config: SourceConfig;
  context: TimeContext;
  busy: boolean;
  onSearch: (ask: PullAsk) => void;
}

/** Jaeger UI's search form: service and operation (offered from the source), tags, durations, time and limit. */
export function TraceSearchForm({ config, context, busy, onSearch }: TraceSearchFormProps) {
  const client = useApiClient();
  const [draft, setDraft] = useState<TraceSearchDraft>(EMPTY_TRACE_SEARCH);
  const [time, setTime] = useState<SearchTime>({ kind: 'workbench' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const services = useQuery(sourceServicesQuery(client, config.name));
  const operations = useQuery(sourceOperationsQuery(client, config.name, draft.service.trim()));
  const set = (patch: Partial<TraceSearchDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const browseWindow = windowOf(time, context);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const window = windowOf(time, context);
    if (!window.ok) return setErrors(window.errors);
    const built = buildTraceQuery(draft, window.window);
    setErrors(built.ok ? {} : built.errors);
    if (built.ok) onSearch({ what: 'traces', query: built.query });
  };

  const text = (field: keyof TraceSearchDraft, errorKey: string, label: string, props: { placeholder?: string; list?: string; className?: string } = {}) => (
    <FormField field={`search.${field}`} label={label} error={errors[errorKey]}>
      <input
        id={fieldId(`search.${field}`)}
        data-testid={`search-${field}`}
        className={`text-input ${props.className ?? ''}`}
        autoComplete="off"
        placeholder={props.placeholder}
        list={props.list}
        value={draft[field]}
        onChange={(event) => set({ [field]: event.target.value })}
      />
    </FormField>
  );

  return (
    <form className="source-search-form" data-testid="trace-search-form" onSubmit={submit} noValidate>
      <div className="source-search-grid">
        {text('service', 'service', 'Service', { list: 'source-services', placeholder: services.isError ? 'services unavailable' : 'service' })}
        {text('operation', 'operation', 'Operation', { list: 'source-operations', placeholder: 'all operations' })}
        {text('tags', 'tags', 'Tags', { placeholder: 'e.g. http.status_code=500 error=true', className: 'mono' })}
        {text('minDuration', 'minDurationMs', 'Min duration', { placeholder: 'e.g. 250ms' })}
        {text('maxDuration', 'maxDurationMs', 'Max duration', { placeholder: 'e.g. 2s' })}
        {text('limit', 'limit', 'Limit', { placeholder: '20 (default)' })}
      </div>
      {config.kind === 'tempo' && (
        <>
          <FormField field="search.traceql" label="TraceQL" error={errors.traceql}>
            <textarea
              id={fieldId('search.traceql')}
              data-testid="search-traceql"
              className="text-input mono source-query-input"
              rows={2}
              placeholder='e.g. { resource.service.name = "checkout" && status = error }'
              value={draft.traceql}
              onChange={(event) => set({ traceql: event.target.value })}
            />
          </FormField>
          <TagBrowser source={config.name} window={browseWindow.ok ? browseWindow.window : null} noun="tag" targets={tempoTargets(setDraft)} />
        </>
      )}
      <div className="source-search-footer">
        <SearchTimeField time={time} onChange={setTime} context={context} errors={errors} />
        <button type="submit" className="button" data-testid="search-run" disabled={busy}>
          Find traces
        </button>
      </div>
      {services.isError && (
        <p className="source-field-hint" data-testid="services-unavailable">
          Services could not be listed: {services.error.message}
        </p>
      )}
      <datalist id="source-services">
        {(services.data ?? []).map((service) => (
          <option key={service} value={service} />
        ))}
      </datalist>
      <datalist id="source-operations">
        {(operations.data ?? []).map((operation) => (
          <option key={operation} value={operation} />
        ))}
      </datalist>
    </form>
  );
}

/**
 * A picked tag goes into TraceQL as a typed condition with its scope (`span.http.status_code = 500`), or into Tags
 * as a logfmt pair of the bare name, which Tempo's tags search reads; intrinsics (status, kind…) exist only in TraceQL.
 */
function tempoTargets(setDraft: Dispatch<SetStateAction<TraceSearchDraft>>): BrowseTarget[] {
  return [
    {
      id: 'traceql',
      label: 'Add to TraceQL',
      fragment: (tag, value) => traceqlCondition(tag, value),
      insert: (tag, value) => setDraft((d) => ({ ...d, traceql: addTraceqlCondition(d.traceql, traceqlCondition(tag, value)) })),
    },
    {
      id: 'tags',
      label: 'Add to Tags',
      fragment: (tag, value) => (tag.scope === 'intrinsic' ? new Error(`${tag.name} is a TraceQL intrinsic: add it to TraceQL`) : setLogfmtPair('', tag.name, value.value)),
      insert: (tag, value) =>
        setDraft((d) => {
          const tags = setLogfmtPair(d.tags, tag.name, value.value);
          return tags instanceof Error ? d : { ...d, tags };
        }),
    },
  ];
}
