import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../../../shared/source-pulls.js';
import { DEFAULT_LOKI_DERIVED_FIELDS, SOURCE_KINDS, sourceConfig } from '../../../../shared/sources.js';
import { buildSource, draftFromSource, emptyDraft, fieldLabel, optionsOf, type SourceDraft } from './source-draft.js';

const jaeger = (extra: Partial<SourceDraft> = {}): SourceDraft => ({ ...emptyDraft('jaeger'), name: 'prod-jaeger', url: 'http://jaeger:16686', ...extra });

describe('the source form draft', () => {
  it('builds a config the main process accepts, with defaults filled', () => {
    const built = buildSource(jaeger({ url: 'http://jaeger:16686/', jaegerApiVersion: 'v3', timeoutSeconds: '2.5' }));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const config = sourceConfig.parse(built.config);
    expect(config).toMatchObject({ kind: 'jaeger', url: 'http://jaeger:16686', timeoutMs: 2500, options: { apiVersion: 'v3' }, auth: { type: 'none' } });
    expect(built.secrets).toEqual({});
  });

  it.each(SOURCE_KINDS)('has an input for every %s option in the config schema', (kind) => {
    // A new option in shared/sources.ts fails this until the form has a field for it (and keeps it on edit).
    const schemaOptions = Object.keys(sourceConfig.parse({ kind, name: 'x', url: 'http://x' }).options).sort();
    expect(Object.keys(optionsOf(emptyDraft(kind))).sort()).toEqual(schemaOptions);
  });

  it('names each invalid field', () => {
    const built = buildSource(jaeger({ name: 'has space', url: 'ftp://x', timeoutSeconds: 'soon' }));
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(Object.keys(built.errors).sort()).toEqual(['name', 'timeoutMs', 'url']);
    expect(built.errors.url).toMatch(/http\(s\):\/\/host/);
  });

  it('keeps secrets out of the config and sends only the ones typed in', () => {
    const built = buildSource(jaeger({ authType: 'basic', username: 'ops', password: 's3cret' }));
    expect(built.ok && built.config.auth).toEqual({ type: 'basic', username: 'ops' });
    expect(built.ok && JSON.stringify(built.config)).not.toContain('s3cret');
    expect(built.ok && built.secrets).toEqual({ password: 's3cret' });
    const noUser = buildSource(jaeger({ authType: 'basic', password: 's3cret' }));
    expect(!noUser.ok && noUser.errors).toEqual({ 'auth.username': 'required' });
  });

  it('asks for a secret unless one is stored', () => {
    const fresh = buildSource(jaeger({ authType: 'bearer' }));
    expect(!fresh.ok && fresh.errors['secrets.token']).toBe('enter the bearer token');
    const edited = buildSource(jaeger({ authType: 'bearer' }), ['token']);
    expect(edited.ok && edited.secrets).toEqual({});
  });

  it('turns header rows into header names (config) and values (secrets)', () => {
    const built = buildSource(jaeger({ authType: 'headers', headers: [{ name: 'X-Api-Key', value: 'k1' }, { name: 'X-Org', value: '' }] }), ['header X-Org']);
    expect(built.ok && built.config.auth).toEqual({ type: 'headers', names: ['X-Api-Key', 'X-Org'] });
    expect(built.ok && built.secrets).toEqual({ headers: { 'X-Api-Key': 'k1' } });
    const bad = buildSource(jaeger({ authType: 'headers', headers: [{ name: 'bad name', value: 'v' }] }));
    expect(!bad.ok && bad.errors['auth.names.0']).toBe('not a valid HTTP header name');
  });

  it('sends the tenant only for Tempo and Loki', () => {
    const tempo = buildSource({ ...emptyDraft('tempo'), name: 't', url: 'http://tempo:3200', tenant: 'team-a' });
    expect(tempo.ok && tempo.config.tenant).toBe('team-a');
    const zipkin = buildSource({ ...emptyDraft('zipkin'), name: 'z', url: 'http://zipkin:9411', tenant: 'team-a' });
    expect(zipkin.ok && zipkin.config.tenant).toBeUndefined();
  });

  it('starts Loki with the default derived fields and rejects a regex without a capture group', () => {
    expect(emptyDraft('loki').derivedFields).toEqual(DEFAULT_LOKI_DERIVED_FIELDS);
    const fields = [{ target: 'traceId' as const, from: 'regex' as const, key: 'trace=[0-9a-f]+' }];
    const built = buildSource({ ...emptyDraft('loki'), name: 'l', url: 'http://loki:3100', derivedFields: fields });
    expect(!built.ok && built.errors['options.derivedFields.0.key']).toMatch(/capture group/);
    expect(fieldLabel('options.derivedFields.0.key')).toBe('Derived field 1 key');
  });

  it('reads Loki service labels from one comma-separated input and round-trips them', () => {
    const built = buildSource({ ...emptyDraft('loki'), name: 'l', url: 'http://loki:3100', lokiServiceLabels: 'app, k8s_container_name' });
    expect(built.ok && built.config.kind === 'loki' && built.config.options.serviceLabels).toEqual(['app', 'k8s_container_name']);
    if (!built.ok) return;
    const info: SourceInfo = { id: 2, config: built.config, secretsStored: [], secretsMissing: [], warnings: [], createdAt: 0 };
    expect(draftFromSource(info).lokiServiceLabels).toBe('app, k8s_container_name');
    const bad = buildSource({ ...emptyDraft('loki'), name: 'l', url: 'http://loki:3100', lokiServiceLabels: 'app, k8s.container' });
    expect(!bad.ok && bad.errors['options.serviceLabels.1']).toBe('a Loki label name');
    const none = buildSource({ ...emptyDraft('loki'), name: 'l', url: 'http://loki:3100', lokiServiceLabels: ' ' });
    expect(!none.ok && Object.keys(none.errors)).toEqual(['options.serviceLabels']);
  });

  it('round-trips a saved Elasticsearch source without its secrets', () => {
    const config = sourceConfig.parse({
      kind: 'elasticsearch',
      name: 'es',
      url: 'https://es.internal:9200',
      auth: { type: 'bearer' },
      tls: { caFile: '/etc/ca.pem', skipVerify: true },
      options: { indexPattern: 'app-*', fields: { traceId: 'traceId' } },
    });
    const info: SourceInfo = { id: 1, config, secretsStored: ['token'], secretsMissing: [], warnings: [], createdAt: 0 };
    const draft = draftFromSource(info);
    expect(draft.token).toBe('');
    expect(draft.searchFields.traceId).toBe('traceId');
    expect(draft.searchFields.message).toBe('message');
    const built = buildSource(draft, info.secretsStored);
    expect(built.ok && sourceConfig.parse(built.config)).toEqual(config);
  });
});
