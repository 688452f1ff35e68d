import { z } from 'zod';

/**
 * A live source: a backend Casefile pulls traces or logs from. The config object is safe to store and show anywhere
 * (SQLite, sources.json, the UI): secrets — bearer tokens, basic-auth passwords, custom header values — are NEVER part
 * of it. They travel separately as `SourceSecrets` and live only in a SecretStore (the OS keychain through Electron's
 * safeStorage, or secrets.json with mode 0600 in browser mode and on the command line).
 */

export const SOURCE_KINDS = ['jaeger', 'tempo', 'zipkin', 'loki', 'elasticsearch', 'opensearch', 'prometheus'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Kinds that hold traces and kinds that hold logs; a connector implements the calls of its side. */
export const TRACE_KINDS: readonly SourceKind[] = ['jaeger', 'tempo', 'zipkin'];
export const LOG_KINDS: readonly SourceKind[] = ['loki', 'elasticsearch', 'opensearch'];
/** Kinds that answer aggregate questions over the whole fleet (rates, error rates, latency percentiles over time). */
export const AGGREGATE_KINDS: readonly SourceKind[] = ['prometheus', 'tempo', 'elasticsearch', 'opensearch', 'loki', 'jaeger'];

/** Names appear in file names, ledger targets and command lines: keep them to safe characters. */
export const sourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

/**
 * http(s)://host[:port][/path]: no user info (credentials belong in auth, where they are kept secret), no query or
 * fragment (paths are joined onto it). Checked without URL, which shared/ does not have.
 */
const URL_SHAPE = /^https?:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(:\d{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

export const sourceUrl = z
  .string()
  .max(2048)
  .refine(
    (value) => URL_SHAPE.test(value) && Number(/:(\d{1,5})(\/|$)/.exec(value.replace(/^https?:\/\//, ''))?.[1] ?? '1') <= 65535,
    'expected http(s)://host[:port][/path], without a user name, password, query or fragment (use auth for credentials)',
  );

/** An HTTP header name (RFC 9110 token). Values are secrets and are kept in the secret store. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, 'not a valid HTTP header name');

export const sourceAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /** `Authorization: Bearer <token>`; the token is the secret `token`. */
  z.object({ type: z.literal('bearer') }),
  /** `Authorization: Basic …`; the password is the secret `password`. */
  z.object({ type: z.literal('basic'), username: z.string().min(1).max(256) }),
  /** Custom headers (e.g. an API-key header); their values are the secret `headers`. */
  z.object({ type: z.literal('headers'), names: z.array(headerName).min(1).max(16) }),
]);
export type SourceAuth = z.infer<typeof sourceAuth>;

export const sourceTls = z.object({
  /** A PEM file of extra certificate authorities to trust (private CAs). */
  caFile: z.string().min(1).max(4096).optional(),
  /** Accept any certificate. Shown as a warning wherever the source is tested or listed. */
  skipVerify: z.boolean().default(false),
});

const common = {
  name: sourceName,
  url: sourceUrl,
  auth: sourceAuth.default({ type: 'none' }),
  /** Sent as X-Scope-OrgID (multi-tenant Tempo and Loki). */
  tenant: z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'printable characters without spaces').optional(),
  tls: sourceTls.default({ skipVerify: false }),
  /** Per request; a pull of several requests may take longer in total. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
};

export const jaegerOptions = z.object({
  /** v1: /api/… (Jaeger JSON); v3: /api/v3/… (OTLP-shaped). */
  apiVersion: z.enum(['v1', 'v3']).default('v1'),
});

export const tempoOptions = z.object({
  /** v2 answers /api/v2/traces/{id}; v1 is for Tempo older than 2.5 (/api/traces/{id}). */
  traceApi: z.enum(['v1', 'v2']).default('v2'),
});

export const zipkinOptions = z.object({});

/** Where a Loki derived field reads a trace or span id, as Grafana's derived fields do. */
export const lokiDerivedField = z
  .object({
    target: z.enum(['traceId', 'spanId']),
    /** metadata: structured metadata key; label: stream label; json: field of a JSON log line; regex: over the line. */
    from: z.enum(['metadata', 'label', 'json', 'regex']),
    /** The key for metadata/label/json (a dotted JSON path is tried as a flat key first); the pattern for regex. */
    key: z.string().min(1).max(512),
  })
  .refine((field) => field.from !== 'regex' || regexWithGroup(field.key), {
    message: 'a regex derived field needs a valid pattern with one capture group around the id',
    path: ['key'],
  });
export type LokiDerivedField = z.infer<typeof lokiDerivedField>;

const TRACE_ID_KEYS = ['traceID', 'trace_id', 'traceId', 'trace.id'];
const SPAN_ID_KEYS = ['spanID', 'span_id', 'spanId', 'span.id'];

/** The defaults: the usual key names in structured metadata, labels and JSON lines, then `key=<hex>` in the line. */
export const DEFAULT_LOKI_DERIVED_FIELDS: LokiDerivedField[] = [
  ...(['metadata', 'label', 'json'] as const).flatMap((from) => [
    ...TRACE_ID_KEYS.map((key) => ({ target: 'traceId' as const, from, key })),
    ...SPAN_ID_KEYS.map((key) => ({ target: 'spanId' as const, from, key })),
  ]),
  { target: 'traceId', from: 'regex', key: '(?:traceID|trace_id|traceId|trace\\.id)["\']?\\s*[=:]\\s*["\']?([0-9a-fA-F]{16,32})\\b' },
  { target: 'spanId', from: 'regex', key: '(?:spanID|span_id|spanId|span\\.id)["\']?\\s*[=:]\\s*["\']?([0-9a-fA-F]{16})\\b' },
];

export const DEFAULT_LOKI_SERVICE_LABELS = ['service_name', 'service', 'app', 'job'];

export const lokiOptions = z.object({
  derivedFields: z.array(lokiDerivedField).max(64).default(DEFAULT_LOKI_DERIVED_FIELDS),
  /** Labels naming a log's service, first present wins; the first is also the selector of a search by service. */
  serviceLabels: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a Loki label name')).min(1).max(16).default(DEFAULT_LOKI_SERVICE_LABELS),
});

/** Field names in the log documents; the defaults are Elastic Common Schema (ECS). */
export const searchEngineOptions = z.object({
  indexPattern: z.string().min(1).max(512).default('logs-*'),
  /** Jaeger's span indices, asked for fleet aggregates (date_histogram, percentiles) per service. */
  spanIndexPattern: z.string().min(1).max(512).default('jaeger-span-*'),
  fields: z
    .object({
      traceId: z.string().min(1).max(256).default('trace.id'),
      spanId: z.string().min(1).max(256).default('span.id'),
      service: z.string().min(1).max(256).default('service.name'),
      level: z.string().min(1).max(256).default('log.level'),
      timestamp: z.string().min(1).max(256).default('@timestamp'),
      message: z.string().min(1).max(256).default('message'),
    })
    .prefault({}),
});

const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,255}$/, 'a Prometheus metric name');
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/, 'a Prometheus label name');
const labelValue = z.string().min(1).max(256).regex(/^[^"\\\n]+$/, 'a label value without quotes, backslashes or newlines');

/**
 * Who wrote the span metrics, which fixes their names (FORMATS.md §8): the OpenTelemetry Collector's spanmetrics
 * connector or Tempo's metrics-generator. Each name can still be overridden for a renamed or namespaced setup.
 */
export const SPAN_METRICS_PRESETS = {
  'otel-collector': { callsMetric: 'traces_span_metrics_calls_total', latencyMetric: 'traces_span_metrics_duration_milliseconds', latencyUnit: 'ms', serviceLabel: 'service_name' },
  tempo: { callsMetric: 'traces_spanmetrics_calls_total', latencyMetric: 'traces_spanmetrics_latency', latencyUnit: 's', serviceLabel: 'service' },
} as const;

export const prometheusOptions = z.object({
  spanMetrics: z.enum(['otel-collector', 'tempo']).default('otel-collector'),
  /** The calls counter (with its _total). */
  callsMetric: metricName.optional(),
  /** The latency histogram's name without _bucket. */
  latencyMetric: metricName.optional(),
  latencyUnit: z.enum(['s', 'ms']).optional(),
  serviceLabel: labelName.optional(),
  /** The span kinds a service's own requests are counted on (its server and consumer spans). */
  serverKinds: z.array(labelValue).min(1).max(8).default(['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER']),
  errorStatus: labelValue.default('STATUS_CODE_ERROR'),
  /** Read the service graph metrics (traces_service_graph_request_*) for the edges. */
  serviceGraph: z.boolean().default(true),
});
export type PrometheusOptions = z.output<typeof prometheusOptions>;

/** The span-metric names and labels a Prometheus source reads: the preset with the overrides applied. */
export function spanMetricsConventions(options: PrometheusOptions): { callsMetric: string; latencyMetric: string; latencyUnit: 's' | 'ms'; serviceLabel: string } {
  const preset = SPAN_METRICS_PRESETS[options.spanMetrics];
  return {
    callsMetric: options.callsMetric ?? preset.callsMetric,
    latencyMetric: options.latencyMetric ?? preset.latencyMetric,
    latencyUnit: options.latencyUnit ?? preset.latencyUnit,
    serviceLabel: options.serviceLabel ?? preset.serviceLabel,
  };
}

export const sourceConfig = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('jaeger'), options: jaegerOptions.prefault({}) }),
  z.object({ ...common, kind: z.literal('tempo'), options: tempoOptions.prefault({}) }),
  z.object({ ...common, kind: z.literal('zipkin'), options: zipkinOptions.prefault({}) }),
  z.object({ ...common, kind: z.literal('loki'), options: lokiOptions.prefault({}) }),
  z.object({ ...common, kind: z.literal('elasticsearch'), options: searchEngineOptions.prefault({}) }),
  z.object({ ...common, kind: z.literal('opensearch'), options: searchEngineOptions.prefault({}) }),
  z.object({ ...common, kind: z.literal('prometheus'), options: prometheusOptions.prefault({}) }),
]);
/** A validated config, every default filled in. */
export type SourceConfig = z.output<typeof sourceConfig>;
/** What a user or a file may write: defaults may be left out. */
export type SourceConfigInput = z.input<typeof sourceConfig>;
export type SourceConfigOf<K extends SourceKind> = Extract<SourceConfig, { kind: K }>;

/** The secrets of one source. Only the ones its auth type uses are kept. */
export const sourceSecrets = z.object({
  token: z.string().min(1).max(16_384).optional(),
  password: z.string().min(1).max(16_384).optional(),
  headers: z.record(headerName, z.string().max(16_384)).optional(),
});
export type SourceSecrets = z.infer<typeof sourceSecrets>;

/** Which secrets a config needs, so a missing one is reported before any request is made. */
export function missingSecrets(config: SourceConfig, secrets: SourceSecrets | null): string[] {
  const auth = config.auth;
  if (auth.type === 'bearer') return secrets?.token ? [] : ['token'];
  if (auth.type === 'basic') return secrets?.password ? [] : ['password'];
  if (auth.type === 'headers') return auth.names.filter((name) => secrets?.headers?.[name] === undefined).map((n) => `header ${n}`);
  return [];
}

/** Drops secrets the auth type does not use, so a switch from bearer to none does not keep a stale token around. */
export function secretsFor(config: SourceConfig, secrets: SourceSecrets): SourceSecrets {
  const auth = config.auth;
  if (auth.type === 'bearer') return secrets.token === undefined ? {} : { token: secrets.token };
  if (auth.type === 'basic') return secrets.password === undefined ? {} : { password: secrets.password };
  if (auth.type === 'headers') {
    const headers = Object.fromEntries(auth.names.flatMap((n) => (secrets.headers?.[n] === undefined ? [] : [[n, secrets.headers[n]]])));
    return { headers };
  }
  return {};
}

/** Warnings a user must see wherever this source is tested or listed. */
export function sourceWarnings(config: SourceConfig): string[] {
  const warnings: string[] = [];
  if (config.tls.skipVerify) {
    warnings.push('TLS certificate verification is OFF for this source: anyone on the network path can read and alter its traffic.');
  }
  if (config.url.startsWith('http:') && config.auth.type !== 'none') {
    warnings.push('Credentials are sent over plain http://; use https:// unless this is a loopback or private address.');
  }
  return warnings;
}

function regexWithGroup(pattern: string): boolean {
  try {
    // A pattern matching nothing still reports its group count through an alternation with the empty string.
    const match = new RegExp(`${pattern}|`).exec('');
    return match !== null && match.length > 1;
  } catch {
    return false;
  }
}
