import { FormField, FormSection, fieldId } from './FormField.js';
import type { FieldErrors, SourceDraft } from './source-draft.js';

/** TLS: a private CA, or (with a warning that cannot be missed) no verification at all. */
export function TlsSection({ draft, update, errors }: { draft: SourceDraft; update: (patch: Partial<SourceDraft>) => void; errors: FieldErrors }) {
  return (
    <FormSection title="TLS" testId="source-tls">
      <FormField
        field="tls.caFile"
        label="CA certificate file"
        error={errors['tls.caFile']}
        hint="A PEM file of extra certificate authorities to trust, for sources behind a private CA. Read when connecting."
      >
        <input
          id={fieldId('tls.caFile')}
          data-testid={fieldId('tls.caFile')}
          className="text-input mono"
          placeholder="e.g. /etc/ssl/private-ca.pem"
          value={draft.caFile}
          onChange={(event) => update({ caFile: event.target.value })}
        />
      </FormField>
      <label className="source-checkbox">
        <input type="checkbox" data-testid="source-tls-skip-verify" checked={draft.skipVerify} onChange={(event) => update({ skipVerify: event.target.checked })} />
        Skip TLS certificate verification
      </label>
      {draft.skipVerify && (
        <p className="source-warning source-warning-strong" data-testid="skip-verify-warning" role="alert">
          <strong>TLS certificate verification is OFF.</strong> Anyone on the network path can read and alter this source&apos;s traffic, including its
          credentials. Prefer a CA certificate file.
        </p>
      )}
    </FormSection>
  );
}
