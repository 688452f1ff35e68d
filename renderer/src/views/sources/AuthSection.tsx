import { FormField, FormSection, SavedMark, SecretInput, fieldId } from './FormField.js';
import type { AuthType, FieldErrors, HeaderDraft, SourceDraft } from './source-draft.js';

interface AuthSectionProps {
  draft: SourceDraft;
  update: (patch: Partial<SourceDraft>) => void;
  errors: FieldErrors;
  /** Secrets already stored for this source ("token", "header X-Api-Key"), never their values. */
  stored: readonly string[];
}

const AUTH_TYPES: { type: AuthType; label: string }[] = [
  { type: 'none', label: 'No authentication' },
  { type: 'bearer', label: 'Bearer token' },
  { type: 'basic', label: 'Basic (user and password)' },
  { type: 'headers', label: 'Custom headers' },
];

/** Auth as Grafana offers it; every secret input is write-only. */
export function AuthSection({ draft, update, errors, stored }: AuthSectionProps) {
  const plainHttp = draft.url.trim().startsWith('http:') && draft.authType !== 'none';
  return (
    <FormSection title="Authentication" testId="source-auth">
      <FormField field="auth.type" label="Method">
        <select
          id={fieldId('auth.type')}
          data-testid={fieldId('auth.type')}
          className="text-input"
          value={draft.authType}
          onChange={(event) => update({ authType: event.target.value as AuthType })}
        >
          {AUTH_TYPES.map((auth) => (
            <option key={auth.type} value={auth.type}>
              {auth.label}
            </option>
          ))}
        </select>
      </FormField>
      {draft.authType === 'bearer' && (
        <FormField field="secrets.token" label="Bearer token" error={errors['secrets.token']} aside={<SavedMark saved={stored.includes('token')} />}>
          <SecretInput field="secrets.token" label="Bearer token" value={draft.token} saved={stored.includes('token')} onChange={(token) => update({ token })} />
        </FormField>
      )}
      {draft.authType === 'basic' && (
        <div className="source-field-row">
          <FormField field="auth.username" label="User" error={errors['auth.username']}>
            <input
              id={fieldId('auth.username')}
              data-testid={fieldId('auth.username')}
              className="text-input"
              autoComplete="off"
              value={draft.username}
              onChange={(event) => update({ username: event.target.value })}
            />
          </FormField>
          <FormField field="secrets.password" label="Password" error={errors['secrets.password']} aside={<SavedMark saved={stored.includes('password')} />}>
            <SecretInput field="secrets.password" label="Password" value={draft.password} saved={stored.includes('password')} onChange={(password) => update({ password })} />
          </FormField>
        </div>
      )}
      {draft.authType === 'headers' && <HeaderRows headers={draft.headers} onChange={(headers) => update({ headers })} errors={errors} stored={stored} />}
      {plainHttp && (
        <p className="source-warning" role="note">
          Credentials are sent over plain http://; use https:// unless this is a loopback or private address.
        </p>
      )}
    </FormSection>
  );
}

function HeaderRows({ headers, onChange, errors, stored }: { headers: HeaderDraft[]; onChange: (headers: HeaderDraft[]) => void; errors: FieldErrors; stored: readonly string[] }) {
  const set = (index: number, patch: Partial<HeaderDraft>) => onChange(headers.map((header, i) => (i === index ? { ...header, ...patch } : header)));
  return (
    <div className="source-headers" data-testid="source-headers">
      {headers.map((header, index) => {
        const saved = stored.includes(`header ${header.name.trim()}`);
        const error = errors[`auth.names.${index}`] ?? errors[`secrets.headers.${index}`];
        return (
          <div key={index} className="source-header-row">
            <input
              className="text-input mono"
              aria-label={`Header ${index + 1} name`}
              data-testid="source-header-name"
              placeholder="e.g. X-Api-Key"
              value={header.name}
              onChange={(event) => set(index, { name: event.target.value })}
            />
            <input
              className="text-input"
              type="password"
              autoComplete="new-password"
              aria-label={`Header ${index + 1} value`}
              data-testid="source-header-value"
              placeholder={saved ? 'saved — type to replace' : 'value'}
              value={header.value}
              onChange={(event) => set(index, { value: event.target.value })}
            />
            <SavedMark saved={saved} />
            <button type="button" className="button button-quiet" aria-label={`Remove header ${index + 1}`} onClick={() => onChange(headers.filter((_, i) => i !== index))}>
              ×
            </button>
            {error !== undefined && (
              <span className="source-field-error" data-testid="field-error" data-field={`auth.names.${index}`} role="alert">
                Header {index + 1}: {error}
              </span>
            )}
          </div>
        );
      })}
      {errors['auth.names'] !== undefined && (
        <span className="source-field-error" data-testid="field-error" data-field="auth.names" role="alert">
          Headers: {errors['auth.names']}
        </span>
      )}
      <button type="button" className="button button-quiet" data-testid="source-add-header" onClick={() => onChange([...headers, { name: '', value: '' }])}>
        Add header
      </button>
    </div>
  );
}
