import { SPAN_METRICS_PRESETS } from '../../../../shared/sources.js';
import { FormField, fieldId } from './FormField.js';
import type { FieldErrors, PrometheusDraft } from './source-draft.js';

interface PrometheusOptionsProps {
  draft: PrometheusDraft;
  update: (patch: Partial<PrometheusDraft>) => void;
  errors: FieldErrors;
}

type TextKey = 'callsMetric' | 'latencyMetric' | 'serviceLabel';

const OVERRIDES: { key: TextKey; label: string }[] = [
  { key: 'callsMetric', label: 'Calls metric' },
  { key: 'latencyMetric', label: 'Latency histogram (without _bucket)' },
  { key: 'serviceLabel', label: 'Service label' },
];

/** Where the span metrics are and what they are called: a preset by who wrote them, each name overridable. */
export function PrometheusOptions({ draft, update, errors }: PrometheusOptionsProps) {
  const preset = SPAN_METRICS_PRESETS[draft.spanMetrics];
  return (
    <>
      <FormField field="options.spanMetrics" label="Span metrics written by" hint="Names differ: the Collector writes traces_span_metrics_*, Tempo's metrics-generator traces_spanmetrics_*.">
        <select
          id={fieldId('options.spanMetrics')}
          data-testid={fieldId('options.spanMetrics')}
          className="text-input"
          value={draft.spanMetrics}
          onChange={(event) => update({ spanMetrics: event.target.value as PrometheusDraft['spanMetrics'] })}
        >
          <option value="otel-collector">OpenTelemetry Collector (spanmetrics connector)</option>
          <option value="tempo">Grafana Tempo (metrics-generator)</option>
        </select>
      </FormField>
      <div className="source-field-grid">
        {OVERRIDES.map(({ key, label }) => (
          <FormField key={key} field={`options.${key}`} label={label} error={errors[`options.${key}`]}>
            <input
              id={fieldId(`options.${key}`)}
              data-testid={fieldId(`options.${key}`)}
              className="text-input mono"
              placeholder={`default: ${preset[key]}`}
              value={draft[key]}
              onChange={(event) => update({ [key]: event.target.value })}
            />
          </FormField>
        ))}
        <FormField field="options.latencyUnit" label="Latency unit">
          <select
            id={fieldId('options.latencyUnit')}
            data-testid={fieldId('options.latencyUnit')}
            className="text-input"
            value={draft.latencyUnit}
            onChange={(event) => update({ latencyUnit: event.target.value as PrometheusDraft['latencyUnit'] })}
          >
            <option value="">default: {preset.latencyUnit}</option>
            <option value="ms">milliseconds</option>
            <option value="s">seconds</option>
          </select>
        </FormField>
        <FormField field="options.serverKinds" label="Server span kinds" error={errors['options.serverKinds'] ?? errors['options.serverKinds.0']}>
          <input
            id={fieldId('options.serverKinds')}
            data-testid={fieldId('options.serverKinds')}
            className="text-input mono"
            value={draft.serverKinds}
            onChange={(event) => update({ serverKinds: event.target.value })}
          />
        </FormField>
        <FormField field="options.errorStatus" label="Error status" error={errors['options.errorStatus']}>
          <input
            id={fieldId('options.errorStatus')}
            data-testid={fieldId('options.errorStatus')}
            className="text-input mono"
            value={draft.errorStatus}
            onChange={(event) => update({ errorStatus: event.target.value })}
          />
        </FormField>
      </div>
      <label className="source-checkbox">
        <input type="checkbox" data-testid={fieldId('options.serviceGraph')} checked={draft.serviceGraph} onChange={(event) => update({ serviceGraph: event.target.checked })} />
        Read the service graph metrics (traces_service_graph_request_*) for the edges
      </label>
    </>
  );
}
