import { FormField, FormSection, fieldId } from './FormField.js';
import { LokiDerivedFields } from './LokiDerivedFields.js';
import { PrometheusOptions } from './PrometheusOptions.js';
import { KIND_INFO } from './source-kinds.js';
import { DEFAULT_SEARCH_FIELDS, SEARCH_FIELD_NAMES, type FieldErrors, type SearchFieldName, type SourceDraft } from './source-draft.js';

interface KindOptionsProps {
  draft: SourceDraft;
  update: (patch: Partial<SourceDraft>) => void;
  errors: FieldErrors;
}

const SEARCH_FIELD_LABELS: Record<SearchFieldName, string> = {
  traceId: 'Trace id',
  spanId: 'Span id',
  service: 'Service',
  level: 'Level',
  timestamp: 'Timestamp',
  message: 'Message',
};

/** Any service-label problem, shown at the one input that holds them all. */
function serviceLabelError(errors: FieldErrors): string | undefined {
  const entry = Object.entries(errors).find(([key]) => key === 'options.serviceLabels' || key.startsWith('options.serviceLabels.'));
  if (entry === undefined) return undefined;
  const index = /\.(\d+)$/.exec(entry[0])?.[1];
  return index === undefined ? entry[1] : `label ${Number(index) + 1}: ${entry[1]}`;
}

/** The options only one kind has. */
export function KindOptions({ draft, update, errors }: KindOptionsProps) {
  const title = `${KIND_INFO[draft.kind].label} options`;
  switch (draft.kind) {
    case 'jaeger':
      return (
        <FormSection title={title} testId="source-options">
          <FormField field="options.apiVersion" label="Query API version" hint="v1 answers Jaeger JSON under /api; v3 (Jaeger 1.55+) answers OTLP-shaped JSON under /api/v3.">
            <select
              id={fieldId('options.apiVersion')}
              data-testid={fieldId('options.apiVersion')}
              className="text-input"
              value={draft.jaegerApiVersion}
              onChange={(event) => update({ jaegerApiVersion: event.target.value as SourceDraft['jaegerApiVersion'] })}
            >
              <option value="v1">v1 (/api)</option>
              <option value="v3">v3 (/api/v3, OTLP)</option>
            </select>
          </FormField>
        </FormSection>
      );
    case 'tempo':
      return (
        <FormSection title={title} testId="source-options">
          <FormField field="options.traceApi" label="Trace by id API" hint="v2 for Tempo 2.5 and later (/api/v2/traces/{id}); v1 for older Tempo.">
            <select
              id={fieldId('options.traceApi')}
              data-testid={fieldId('options.traceApi')}
              className="text-input"
              value={draft.tempoTraceApi}
              onChange={(event) => update({ tempoTraceApi: event.target.value as SourceDraft['tempoTraceApi'] })}
            >
              <option value="v2">v2 (/api/v2/traces)</option>
              <option value="v1">v1 (/api/traces)</option>
            </select>
          </FormField>
        </FormSection>
      );
    case 'loki':
      return (
        <FormSection title={title} testId="source-options">
          <FormField
            field="options.serviceLabels"
            label="Service labels"
            error={serviceLabelError(errors)}
            hint="Stream labels naming a log's service, the first present wins; the first is also used to search by service."
          >
            <input
              id={fieldId('options.serviceLabels')}
              data-testid={fieldId('options.serviceLabels')}
              className="text-input mono"
              value={draft.lokiServiceLabels}
              onChange={(event) => update({ lokiServiceLabels: event.target.value })}
            />
          </FormField>
          <LokiDerivedFields fields={draft.derivedFields} onChange={(derivedFields) => update({ derivedFields })} errors={errors} />
        </FormSection>
      );
    case 'elasticsearch':
    case 'opensearch':
      return (
        <FormSection title={title} testId="source-options">
          <FormField field="options.indexPattern" label="Index pattern" error={errors['options.indexPattern']} hint="Indices or data streams searched, e.g. logs-* or filebeat-*.">
            <input
              id={fieldId('options.indexPattern')}
              data-testid={fieldId('options.indexPattern')}
              className="text-input mono"
              value={draft.indexPattern}
              onChange={(event) => update({ indexPattern: event.target.value })}
            />
          </FormField>
          <FormField
            field="options.spanIndexPattern"
            label="Span index pattern"
            error={errors['options.spanIndexPattern']}
            hint="Jaeger's span indices, for fleet triage (rates, errors, percentiles per service), e.g. jaeger-span-*."
          >
            <input
              id={fieldId('options.spanIndexPattern')}
              data-testid={fieldId('options.spanIndexPattern')}
              className="text-input mono"
              value={draft.spanIndexPattern}
              onChange={(event) => update({ spanIndexPattern: event.target.value })}
            />
          </FormField>
          <div className="source-field-grid">
            {SEARCH_FIELD_NAMES.map((name) => (
              <FormField key={name} field={`options.fields.${name}`} label={`${SEARCH_FIELD_LABELS[name]} field`} error={errors[`options.fields.${name}`]}>
                <input
                  id={fieldId(`options.fields.${name}`)}
                  data-testid={fieldId(`options.fields.${name}`)}
                  className="text-input mono"
                  placeholder={`default: ${DEFAULT_SEARCH_FIELDS[name]}`}
                  value={draft.searchFields[name]}
                  onChange={(event) => update({ searchFields: { ...draft.searchFields, [name]: event.target.value } })}
                />
              </FormField>
            ))}
          </div>
          <p className="source-field-hint">Defaults are the Elastic Common Schema (ECS) names.</p>
        </FormSection>
      );
    case 'zipkin':
      return null;
    case 'prometheus':
      return (
        <FormSection title={title} testId="source-options">
          <PrometheusOptions draft={draft.prometheus} update={(patch) => update({ prometheus: { ...draft.prometheus, ...patch } })} errors={errors} />
        </FormSection>
      );
  }
}
