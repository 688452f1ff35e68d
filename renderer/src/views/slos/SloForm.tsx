import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SloDefinition } from '../../../../shared/slo/types.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { serviceOperationsQuery } from '../../queries/service-operations.js';
import { servicesQuery } from '../../queries/services.js';
import { buildSlo, type SloDraft, type SloDraftErrors } from './slo-form-model.js';

interface SloFormProps {
  initial: SloDraft;
  /** Editing an existing SLO: its name is fixed (saving under it replaces the definition). */
  editing: boolean;
  window: TimeWindow;
  saving: boolean;
  onSave: (slo: SloDefinition) => void;
  onCancel: () => void;
}

/**
 * Any objective on any flow: latency ("99% under 300 ms") or availability ("99.9% succeed", with what counts as a
 * failure), over a period. Checked as typed against the same schema the cache applies.
 */
export function SloForm({ initial, editing, window, saving, onSave, onCancel }: SloFormProps) {
  const client = useApiClient();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<SloDraftErrors>({});
  const services = useQuery(servicesQuery(client));
  const operations = useQuery({ ...serviceOperationsQuery(client, draft.service, window), enabled: services.data?.some((s) => s.name === draft.service) ?? false });
  const set = <K extends keyof SloDraft>(key: K, value: SloDraft[K]) => {
    setDraft((now) => ({ ...now, [key]: value }));
    // A field being corrected no longer shows its old complaint; the others keep theirs until the next save.
    setErrors((now) => (now[key] === undefined ? now : { ...now, [key]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildSlo(draft);
    if ('errors' in built) return setErrors(built.errors);
    setErrors({});
    onSave(built.slo);
  };

  return (
    <form className="slo-form" data-testid="slo-form" onSubmit={submit} noValidate>
      <Field label="Name" error={errors.name}>
        <input className="text-input mono" data-testid="slo-name" value={draft.name} disabled={editing} placeholder="checkout-latency" onChange={(e) => set('name', e.target.value)} />
      </Field>
      <Field label="Service" error={errors.service}>
        <input className="text-input" data-testid="slo-service" list="slo-form-services" value={draft.service} onChange={(e) => set('service', e.target.value)} />
        <datalist id="slo-form-services">{services.data?.map((s) => <option key={s.name} value={s.name} />)}</datalist>
      </Field>
      <Field label="Operation" hint="every entry request of the service when empty" error={errors.operation}>
        <input className="text-input" data-testid="slo-operation" list="slo-form-operations" value={draft.operation} onChange={(e) => set('operation', e.target.value)} />
        <datalist id="slo-form-operations">{operations.data?.operations.map((o) => <option key={o.name} value={o.name} />)}</datalist>
      </Field>
      <fieldset className="slo-form-kind">
        <legend>Objective</legend>
        {(['latency', 'availability'] as const).map((kind) => (
          <label key={kind} className="checkbox-label">
            <input type="radio" name="slo-kind" data-testid={`slo-kind-${kind}`} checked={draft.kind === kind} onChange={() => set('kind', kind)} />
            {kind === 'latency' ? 'Latency: share of requests faster than a threshold' : 'Availability: share of requests that succeed'}
          </label>
        ))}
      </fieldset>
      <Field label="Target (%)" error={errors.target}>
        <input className="text-input mono" data-testid="slo-target" value={draft.target} size={8} onChange={(e) => set('target', e.target.value)} />
      </Field>
      {draft.kind === 'latency' ? (
        <Field label="Under" hint="e.g. 300ms, 1.5s" error={errors.threshold}>
          <input className="text-input mono" data-testid="slo-threshold" value={draft.threshold} size={8} onChange={(e) => set('threshold', e.target.value)} />
        </Field>
      ) : (
        <Field label="A failure is" error={errors.badKey}>
          <select className="text-input" data-testid="slo-bad" value={draft.bad} onChange={(e) => set('bad', e.target.value as SloDraft['bad'])}>
            <option value="error">a span in error</option>
            <option value="http-5xx">an HTTP 5xx status</option>
            <option value="attribute">an attribute value</option>
          </select>
          {draft.bad === 'attribute' && (
            <span className="slo-form-predicate">
              <input className="text-input mono" data-testid="slo-bad-key" aria-label="Attribute key" placeholder="attribute key" value={draft.badKey} onChange={(e) => set('badKey', e.target.value)} />
              <select className="text-input" aria-label="Comparison" value={draft.badOp} onChange={(e) => set('badOp', e.target.value as SloDraft['badOp'])}>
                <option value="=">=</option>
                <option value="!=">≠</option>
              </select>
              <input className="text-input mono" data-testid="slo-bad-value" aria-label="Attribute value" placeholder="value" value={draft.badValue} onChange={(e) => set('badValue', e.target.value)} />
            </span>
          )}
        </Field>
      )}
      <Field label="Period (days)" error={errors.periodDays}>
        <input className="text-input mono" data-testid="slo-period" value={draft.periodDays} size={4} onChange={(e) => set('periodDays', e.target.value)} />
      </Field>
      <div className="slo-form-actions">
        <button type="submit" className="button" data-testid="slo-save" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add objective'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Field({ label, hint, error, children }: { label: string; hint?: string; error: string | undefined; children: ReactNode }) {
  return (
    <label className="slo-form-field" data-invalid={error !== undefined}>
      <span className="slo-form-label">
        {label}
        {hint && <span className="muted"> · {hint}</span>}
      </span>
      <span className="slo-form-control">{children}</span>
      {error && (
        <span className="text-error slo-form-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
