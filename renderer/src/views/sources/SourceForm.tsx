import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SourceInfo } from '../../../../shared/source-pulls.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { AuthSection } from './AuthSection.js';
import { FormField, FormSection, fieldId } from './FormField.js';
import { KindOptions } from './KindOptions.js';
import { KindPicker } from './KindPicker.js';
import { TestResultPanel } from './TestResultPanel.js';
import { TlsSection } from './TlsSection.js';
import { buildSource, draftFromSource, emptyDraft, fieldLabel, TENANT_KINDS, type BuiltSource, type FieldErrors, type SourceDraft } from './source-draft.js';
import { KIND_INFO } from './source-kinds.js';
import { lastTestQuery, sourcesQuery } from './sources-queries.js';

type Buildable = Extract<BuiltSource, { ok: true }>;

interface SourceFormProps {
  /** The source being edited; none for a new one. */
  editing: SourceInfo | null;
  onSaved: (name: string) => void;
  onCancel: () => void;
}

/**
 * Add or edit a source, laid out as a Grafana data source: kind, HTTP, auth, TLS, then the kind's own options.
 * "Test" checks the form as it stands without saving; "Save & test" saves, then tests the saved source.
 */
export function SourceForm({ editing, onSaved, onCancel }: SourceFormProps) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SourceDraft>(() => (editing === null ? emptyDraft() : draftFromSource(editing)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const stored = editing?.secretsStored ?? [];

  const update = (patch: Partial<SourceDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    // Once the user has tried to save, errors follow the typing so a fixed field stops complaining at once.
    if (submitted) {
      const built = buildSource(next, stored);
      setErrors(built.ok ? {} : built.errors);
    }
  };

  const built = (): Buildable | null => {
    setSubmitted(true);
    const result = buildSource(draft, stored);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result : null;
  };

  const test = useMutation({ mutationFn: (input: Buildable) => client.testSource({ config: input.config, secrets: input.secrets }) });

  const save = useMutation({
    mutationFn: async (input: Buildable) => {
      const saved = await client.saveSource({ config: input.config, secrets: input.secrets });
      const result = await client.testSource({ name: saved.config.name });
      return { saved, result };
    },
    onSuccess: ({ saved, result }) => {
      queryClient.setQueryData(lastTestQuery(saved.config.name).queryKey, { result, at: Date.now() });
      void queryClient.invalidateQueries({ queryKey: sourcesQuery(client).queryKey });
      onSaved(saved.config.name);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = built();
    if (input !== null) save.mutate(input);
  };

  const runTest = () => {
    const input = built();
    if (input !== null) test.mutate(input);
  };

  const errorList = Object.entries(errors);
  return (
    <form className="source-form" data-testid="source-form" onSubmit={submit} noValidate>
      <FormSection title="Kind">
        <KindPicker kind={draft.kind} disabled={editing !== null} onChange={(kind) => update({ kind })} />
      </FormSection>
      <FormSection title="Source">
        <div className="source-field-row">
          <FormField field="name" label="Name" error={errors.name} hint={editing === null ? 'Used in the command line: casefile pull --source NAME' : 'The name is the key of a saved source.'}>
            <input
              id={fieldId('name')}
              data-testid={fieldId('name')}
              className="text-input"
              autoComplete="off"
              placeholder={`e.g. prod-${draft.kind}`}
              readOnly={editing !== null}
              value={draft.name}
              onChange={(event) => update({ name: event.target.value })}
            />
          </FormField>
          <FormField field="timeoutMs" label="Timeout (seconds)" error={errors.timeoutMs} hint="Per request.">
            <input
              id={fieldId('timeoutMs')}
              data-testid={fieldId('timeoutMs')}
              className="text-input source-input-short"
              inputMode="decimal"
              value={draft.timeoutSeconds}
              onChange={(event) => update({ timeoutSeconds: event.target.value })}
            />
          </FormField>
        </div>
        <FormField field="url" label="URL" error={errors.url} hint={`The base URL of the ${KIND_INFO[draft.kind].label} API, with any path prefix.`}>
          <input
            id={fieldId('url')}
            data-testid={fieldId('url')}
            className="text-input mono"
            autoComplete="off"
            placeholder={`e.g. ${KIND_INFO[draft.kind].url}`}
            value={draft.url}
            onChange={(event) => update({ url: event.target.value })}
          />
        </FormField>
        {TENANT_KINDS.includes(draft.kind) && (
          <FormField field="tenant" label="Tenant (X-Scope-OrgID)" error={errors.tenant} hint="For multi-tenant setups; leave empty otherwise.">
            <input
              id={fieldId('tenant')}
              data-testid={fieldId('tenant')}
              className="text-input mono"
              autoComplete="off"
              value={draft.tenant}
              onChange={(event) => update({ tenant: event.target.value })}
            />
          </FormField>
        )}
      </FormSection>
      <AuthSection draft={draft} update={update} errors={errors} stored={stored} />
      <TlsSection draft={draft} update={update} errors={errors} />
      <KindOptions draft={draft} update={update} errors={errors} />
      {errorList.length > 0 && (
        <div className="source-form-errors" data-testid="source-form-errors" role="alert">
          <strong>Fix {errorList.length === 1 ? 'this field' : `these ${errorList.length} fields`}:</strong>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>
                <label htmlFor={fieldId(field)}>{fieldLabel(field)}</label>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {save.isError && (
        <p className="source-form-failed" data-testid="source-form-error" role="alert">
          Not saved: {save.error.message}
        </p>
      )}
      <div className="source-form-actions">
        <button type="submit" className="button" data-testid="source-save" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save & test'}
        </button>
        <button type="button" className="button button-quiet" data-testid="source-test-draft" onClick={runTest} disabled={test.isPending}>
          Test
        </button>
        <button type="button" className="button button-quiet" data-testid="source-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <TestResultPanel result={test.data} kind={draft.kind} pending={test.isPending} error={test.error} />
    </form>
  );
}
