import type { ReactNode } from 'react';

interface FormFieldProps {
  /** The field's path in the config ("url", "auth.username"): the input's id and the error's data-field. */
  field: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Extra content on the label line (e.g. the "saved" mark of a secret). */
  aside?: ReactNode;
  children: ReactNode;
}

/** One labelled input with its hint and, when invalid, an error that names the field. */
export function FormField({ field, label, error, hint, aside, children }: FormFieldProps) {
  return (
    <div className="source-field" data-invalid={error === undefined ? undefined : 'true'}>
      <label className="source-field-label" htmlFor={fieldId(field)}>
        {label}
        {aside}
      </label>
      {children}
      {error !== undefined && (
        <span className="source-field-error" data-testid="field-error" data-field={field} role="alert">
          {label}: {error}
        </span>
      )}
      {hint !== undefined && <span className="source-field-hint">{hint}</span>}
    </div>
  );
}

/** The DOM id of a field's input, so labels point at it and tests find it. */
export function fieldId(field: string): string {
  return `source-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** A group of fields under a heading, as Grafana's data source settings are laid out. */
export function FormSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="source-section" data-testid={testId}>
      <legend className="source-section-title">{title}</legend>
      {children}
    </fieldset>
  );
}

/** Write-only secret input: the stored value never comes back, so the field only says that one is saved. */
export function SecretInput({
  field,
  value,
  saved,
  onChange,
  label,
}: {
  field: string;
  value: string;
  saved: boolean;
  onChange: (value: string) => void;
  label: string;
}) {
  return (
    <input
      id={fieldId(field)}
      data-testid={fieldId(field)}
      className="text-input"
      type="password"
      autoComplete="new-password"
      aria-label={label}
      placeholder={saved ? 'saved — type to replace' : ''}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

export function SavedMark({ saved }: { saved: boolean }) {
  return saved ? (
    <span className="secret-saved" data-testid="secret-saved">
      saved
    </span>
  ) : null;
}
