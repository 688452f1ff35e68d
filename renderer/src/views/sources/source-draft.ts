import type { SourceInfo } from '../../../../shared/source-pulls.js';
import {
  DEFAULT_LOKI_DERIVED_FIELDS,
  DEFAULT_LOKI_SERVICE_LABELS,
  sourceConfig,
  sourceSecrets,
  type LokiDerivedField,
  type SourceConfig,
  type SourceConfigInput,
  type SourceKind,
  type SourceSecrets,
} from '../../../../shared/sources.js';

/**
 * The source form's state: every input as the user typed it (strings, so a half-typed timeout is not lost), turned
 * into a config and its secrets only on save or test. Secrets start empty when editing: the UI never receives stored
 * secrets back, and an empty secret input means "keep the stored one".
 */
export type AuthType = 'none' | 'bearer' | 'basic' | 'headers';

export interface HeaderDraft {
  name: string;
  value: string;
}

export const SEARCH_FIELD_NAMES = ['traceId', 'spanId', 'service', 'level', 'timestamp', 'message'] as const;
export type SearchFieldName = (typeof SEARCH_FIELD_NAMES)[number];

export const DEFAULT_SEARCH_FIELDS: Record<SearchFieldName, string> = {
  traceId: 'trace.id',
  spanId: 'span.id',
  service: 'service.name',
  level: 'log.level',
  timestamp: '@timestamp',
  message: 'message',
};

export interface SourceDraft {
  kind: SourceKind;
  name: string;
  url: string;
  authType: AuthType;
  token: string;
  username: string;
  password: string;
  headers: HeaderDraft[];
  tenant: string;
  caFile: string;
  skipVerify: boolean;
  timeoutSeconds: string;
  jaegerApiVersion: 'v1' | 'v3';
  tempoTraceApi: 'v1' | 'v2';
  derivedFields: LokiDerivedField[];
  /** Loki labels naming the service, comma-separated as typed: "service_name, service, app". */
  lokiServiceLabels: string;
  indexPattern: string;
  spanIndexPattern: string;
  searchFields: Record<SearchFieldName, string>;
  prometheus: PrometheusDraft;
}

/** A Prometheus source's span-metric conventions as typed; an empty override means "the preset's name". */
export interface PrometheusDraft {
  spanMetrics: 'otel-collector' | 'tempo';
  callsMetric: string;
  latencyMetric: string;
  latencyUnit: '' | 's' | 'ms';
  serviceLabel: string;
  /** Comma-separated as typed. */
  serverKinds: string;
  errorStatus: string;
  serviceGraph: boolean;
}

const EMPTY_PROMETHEUS: PrometheusDraft = {
  spanMetrics: 'otel-collector',
  callsMetric: '',
  latencyMetric: '',
  latencyUnit: '',
  serviceLabel: '',
  serverKinds: 'SPAN_KIND_SERVER, SPAN_KIND_CONSUMER',
  errorStatus: 'STATUS_CODE_ERROR',
  serviceGraph: true,
};

/** Field path ("url", "auth.username", "options.derivedFields.3.key", "secrets.token") → what is wrong with it. */
export type FieldErrors = Record<string, string>;

export type BuiltSource = { ok: true; config: SourceConfig; secrets: SourceSecrets } | { ok: false; errors: FieldErrors };

/** Kinds that send the X-Scope-OrgID tenant header. */
export const TENANT_KINDS: readonly SourceKind[] = ['tempo', 'loki'];

export function emptyDraft(kind: SourceKind = 'jaeger'): SourceDraft {
  return {
    kind,
    name: '',
    url: '',
    authType: 'none',
    token: '',
    username: '',
    password: '',
    headers: [],
    tenant: '',
    caFile: '',
    skipVerify: false,
    timeoutSeconds: '30',
    jaegerApiVersion: 'v1',
    tempoTraceApi: 'v2',
    derivedFields: DEFAULT_LOKI_DERIVED_FIELDS.map((field) => ({ ...field })),
    lokiServiceLabels: DEFAULT_LOKI_SERVICE_LABELS.join(', '),
    indexPattern: 'logs-*',
    spanIndexPattern: 'jaeger-span-*',
    searchFields: { ...DEFAULT_SEARCH_FIELDS },
    prometheus: { ...EMPTY_PROMETHEUS },
  };
}

/** A saved source back in the form; its secrets stay where they are (only which ones exist is known). */
export function draftFromSource(info: SourceInfo): SourceDraft {
  const config = info.config;
  const draft: SourceDraft = {
    ...emptyDraft(config.kind),
    name: config.name,
    url: config.url,
    authType: config.auth.type,
    username: config.auth.type === 'basic' ? config.auth.username : '',
    headers: config.auth.type === 'headers' ? config.auth.names.map((name) => ({ name, value: '' })) : [],
    tenant: config.tenant ?? '',
    caFile: config.tls.caFile ?? '',
    skipVerify: config.tls.skipVerify,
    timeoutSeconds: String(config.timeoutMs / 1000),
  };
  switch (config.kind) {
    case 'jaeger':
      return { ...draft, jaegerApiVersion: config.options.apiVersion };
    case 'tempo':
      return { ...draft, tempoTraceApi: config.options.traceApi };
    case 'loki':
      return {
        ...draft,
        derivedFields: config.options.derivedFields.map((field) => ({ ...field })),
        lokiServiceLabels: config.options.serviceLabels.join(', '),
      };
    case 'elasticsearch':
    case 'opensearch':
      return { ...draft, indexPattern: config.options.indexPattern, spanIndexPattern: config.options.spanIndexPattern, searchFields: { ...config.options.fields } };
    case 'zipkin':
      return draft;
    case 'prometheus': {
      const o = config.options;
      return {
        ...draft,
        prometheus: {
          spanMetrics: o.spanMetrics,
          callsMetric: o.callsMetric ?? '',
          latencyMetric: o.latencyMetric ?? '',
          latencyUnit: o.latencyUnit ?? '',
          serviceLabel: o.serviceLabel ?? '',
          serverKinds: o.serverKinds.join(', '),
          errorStatus: o.errorStatus,
          serviceGraph: o.serviceGraph,
        },
      };
    }
  }
}

/**
 * The draft as the contract's saveSource/testSource input, validated with the same schema the main process uses, so
 * each error is shown beside the field it is about. `stored` lists the secrets already saved ("token",
 * "header X-Api-Key"): those may be left empty.
 */
export function buildSource(draft: SourceDraft, stored: readonly string[] = []): BuiltSource {
  const errors: FieldErrors = {};
  const timeoutMs = parseTimeout(draft.timeoutSeconds);
  if (timeoutMs === null) errors.timeoutMs = 'enter the timeout in seconds, e.g. 30';
  const candidate = {
    kind: draft.kind,
    name: draft.name.trim(),
    url: draft.url.trim().replace(/\/+$/, ''),
    auth: authOf(draft),
    tenant: TENANT_KINDS.includes(draft.kind) && draft.tenant.trim() !== '' ? draft.tenant.trim() : undefined,
    tls: { caFile: draft.caFile.trim() === '' ? undefined : draft.caFile.trim(), skipVerify: draft.skipVerify },
    timeoutMs: timeoutMs ?? 30_000,
    options: optionsOf(draft),
  };
  const parsed = sourceConfig.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.') || 'config';
      // zod's "Too small: expected string to have >=1 characters" says less than "required".
      errors[key] ??= issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 ? 'required' : issue.message;
    }
  }
  const secrets = secretsOf(draft);
  const secretCheck = sourceSecrets.safeParse(secrets);
  if (!secretCheck.success) {
    for (const issue of secretCheck.error.issues) errors[`secrets.${issue.path.map(String).join('.')}`] ??= issue.message;
  }
  Object.assign(errors, missingSecretErrors(draft, stored));
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, config: parsed.data, secrets };
}

function parseTimeout(text: string): number | null {
  const seconds = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.round(seconds * 1000);
}

function authOf(draft: SourceDraft): SourceConfigInput['auth'] {
  switch (draft.authType) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer' };
    case 'basic':
      return { type: 'basic', username: draft.username.trim() };
    case 'headers':
      return { type: 'headers', names: draft.headers.map((header) => header.name.trim()) };
  }
}

/** The kind's own options from the draft; exported so a test can insist every option in the schema has an input. */
export function optionsOf(draft: SourceDraft): Record<string, unknown> {
  switch (draft.kind) {
    case 'jaeger':
      return { apiVersion: draft.jaegerApiVersion };
    case 'tempo':
      return { traceApi: draft.tempoTraceApi };
    case 'loki':
      return {
        derivedFields: draft.derivedFields.map((field) => ({ ...field, key: field.key.trim() })),
        serviceLabels: draft.lokiServiceLabels.split(/[\s,]+/).filter((label) => label !== ''),
      };
    case 'elasticsearch':
    case 'opensearch':
      return {
        indexPattern: draft.indexPattern.trim(),
        spanIndexPattern: draft.spanIndexPattern.trim(),
        fields: Object.fromEntries(SEARCH_FIELD_NAMES.map((name) => [name, draft.searchFields[name].trim()])),
      };
    case 'zipkin':
      return {};
    case 'prometheus': {
      const p = draft.prometheus;
      const override = (text: string) => (text.trim() === '' ? undefined : text.trim());
      return Object.fromEntries(
        Object.entries({
          spanMetrics: p.spanMetrics,
          callsMetric: override(p.callsMetric),
          latencyMetric: override(p.latencyMetric),
          latencyUnit: p.latencyUnit === '' ? undefined : p.latencyUnit,
          serviceLabel: override(p.serviceLabel),
          serverKinds: p.serverKinds.split(/[\s,]+/).filter((kind) => kind !== ''),
          errorStatus: p.errorStatus.trim(),
          serviceGraph: p.serviceGraph,
        }).filter(([, value]) => value !== undefined),
      );
    }
  }
}

/** Only the secrets typed in: an empty input keeps the stored value (saveSource merges over what is stored). */
function secretsOf(draft: SourceDraft): SourceSecrets {
  if (draft.authType === 'bearer') return draft.token === '' ? {} : { token: draft.token };
  if (draft.authType === 'basic') return draft.password === '' ? {} : { password: draft.password };
  if (draft.authType === 'headers') {
    const typed = draft.headers.filter((header) => header.value !== '' && header.name.trim() !== '');
    return typed.length === 0 ? {} : { headers: Object.fromEntries(typed.map((header) => [header.name.trim(), header.value])) };
  }
  return {};
}

function missingSecretErrors(draft: SourceDraft, stored: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.authType === 'bearer' && draft.token === '' && !stored.includes('token')) errors['secrets.token'] = 'enter the bearer token';
  if (draft.authType === 'basic' && draft.password === '' && !stored.includes('password')) errors['secrets.password'] = 'enter the password';
  if (draft.authType === 'headers') {
    if (draft.headers.length === 0) errors['auth.names'] = 'add at least one header';
    draft.headers.forEach((header, index) => {
      if (header.value === '' && !stored.includes(`header ${header.name.trim()}`)) errors[`secrets.headers.${index}`] = `enter the value of ${header.name.trim() || 'this header'}`;
    });
  }
  return errors;
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  url: 'URL',
  timeoutMs: 'Timeout',
  tenant: 'Tenant (X-Scope-OrgID)',
  'tls.caFile': 'CA certificate file',
  'auth.username': 'User',
  'auth.names': 'Headers',
  'secrets.token': 'Bearer token',
  'secrets.password': 'Password',
  'options.indexPattern': 'Index pattern',
  'options.spanIndexPattern': 'Span index pattern',
  'options.serviceLabels': 'Service labels',
  'options.callsMetric': 'Calls metric',
  'options.latencyMetric': 'Latency histogram',
  'options.serviceLabel': 'Service label',
  'options.serverKinds': 'Server span kinds',
  'options.errorStatus': 'Error status',
};

/** "options.derivedFields.3.key" → "Derived field 4 key": how the error summary names a field. */
export function fieldLabel(path: string): string {
  const known = FIELD_LABELS[path];
  if (known !== undefined) return known;
  const derived = /^options\.derivedFields\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (derived) return `Derived field ${Number(derived[1]) + 1}${derived[2] ? ` ${derived[2]}` : ''}`;
  const header = /^(?:auth\.names|secrets\.headers)\.(\d+)$/.exec(path);
  if (header) return `Header ${Number(header[1]) + 1}`;
  const label = /^options\.serviceLabels\.(\d+)$/.exec(path);
  if (label) return `Service label ${Number(label[1]) + 1}`;
  const field = /^options\.fields\.(\w+)$/.exec(path);
  if (field) return `${field[1]} field`;
  return path;
}
