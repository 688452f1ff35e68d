import { DEFAULT_LOKI_DERIVED_FIELDS, type LokiDerivedField } from '../../../../shared/sources.js';
import type { FieldErrors } from './source-draft.js';

const FROM_LABELS: Record<LokiDerivedField['from'], string> = {
  metadata: 'Structured metadata',
  label: 'Stream label',
  json: 'JSON field',
  regex: 'Regex over the line',
};

interface LokiDerivedFieldsProps {
  fields: LokiDerivedField[];
  onChange: (fields: LokiDerivedField[]) => void;
  errors: FieldErrors;
}

/**
 * Where trace and span ids are read from in Loki log lines, as Grafana's derived fields: a structured metadata key,
 * a stream label, a JSON field, or a regex with one capture group around the id. Starts with the defaults.
 */
export function LokiDerivedFields({ fields, onChange, errors }: LokiDerivedFieldsProps) {
  const set = (index: number, patch: Partial<LokiDerivedField>) => onChange(fields.map((field, i) => (i === index ? { ...field, ...patch } : field)));
  const isDefault = JSON.stringify(fields) === JSON.stringify(DEFAULT_LOKI_DERIVED_FIELDS);
  return (
    <div className="derived-fields" data-testid="loki-derived-fields">
      <div className="derived-fields-head">
        <span className="source-field-label">Derived fields: trace and span ids</span>
        <span className="muted">{isDefault ? `the defaults (${fields.length})` : `${fields.length} custom`}</span>
        <span className="header-spacer" />
        <button type="button" className="button button-quiet" data-testid="derived-field-add" onClick={() => onChange([...fields, { target: 'traceId', from: 'regex', key: '' }])}>
          Add field
        </button>
        <button
          type="button"
          className="button button-quiet"
          data-testid="derived-field-reset"
          disabled={isDefault}
          onClick={() => onChange(DEFAULT_LOKI_DERIVED_FIELDS.map((field) => ({ ...field })))}
        >
          Reset to defaults
        </button>
      </div>
      <div className="derived-fields-table">
        <table className="data-table">
          <thead>
            <tr>
              <th className="fit">Id</th>
              <th className="fit">Read from</th>
              <th>Key, or regex with one capture group</th>
              <th className="fit" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {fields.map((field, index) => {
              const error = errors[`options.derivedFields.${index}.key`] ?? errors[`options.derivedFields.${index}`];
              return (
                <tr key={index} data-testid="derived-field" data-invalid={error === undefined ? undefined : 'true'}>
                  <td>
                    <select
                      className="text-input"
                      aria-label={`Derived field ${index + 1} id`}
                      value={field.target}
                      onChange={(event) => set(index, { target: event.target.value as LokiDerivedField['target'] })}
                    >
                      <option value="traceId">Trace id</option>
                      <option value="spanId">Span id</option>
                    </select>
                  </td>
                  <td>
                    <select
                      className="text-input"
                      aria-label={`Derived field ${index + 1} source`}
                      value={field.from}
                      onChange={(event) => set(index, { from: event.target.value as LokiDerivedField['from'] })}
                    >
                      {Object.entries(FROM_LABELS).map(([from, label]) => (
                        <option key={from} value={from}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      className="text-input mono derived-field-key"
                      aria-label={`Derived field ${index + 1} key`}
                      data-testid="derived-field-key"
                      value={field.key}
                      onChange={(event) => set(index, { key: event.target.value })}
                    />
                    {error !== undefined && (
                      <span className="source-field-error" data-testid="field-error" data-field={`options.derivedFields.${index}.key`} role="alert">
                        Derived field {index + 1}: {error}
                      </span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="button button-quiet" aria-label={`Remove derived field ${index + 1}`} onClick={() => onChange(fields.filter((_, i) => i !== index))}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
