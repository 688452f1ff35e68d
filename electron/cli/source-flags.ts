import { DEFAULT_LOKI_DERIVED_FIELDS, type LokiDerivedField, type SourceAuth, type SourceSecrets } from '../../shared/sources.js';
import { UsageError, type CommandContext } from './commands.js';

/**
 * The per-kind flags of `casefile source add`: Jaeger/Tempo API version, Loki derived fields and service labels,
 * Elasticsearch/OpenSearch index pattern and field names, and custom secret headers. Each bad value is a usage error
 * naming its flag, before anything is saved.
 */
type Options = CommandContext['options'];

const API_VERSIONS: Record<string, { key: string; values: string[] }> = {
  jaeger: { key: 'apiVersion', values: ['v1', 'v3'] },
  tempo: { key: 'traceApi', values: ['v1', 'v2'] },
};
const SEARCH_ENGINE_FIELDS: Record<string, string> = {
  trace: 'traceId',
  traceId: 'traceId',
  span: 'spanId',
  spanId: 'spanId',
  service: 'service',
  level: 'level',
  timestamp: 'timestamp',
  message: 'message',
};
const TARGETS: Record<string, LokiDerivedField['target']> = { trace: 'traceId', traceId: 'traceId', span: 'spanId', spanId: 'spanId' };
const FROMS = ['metadata', 'label', 'json', 'regex'] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

/** The `options` object of the config for `kind`, or undefined when no per-kind flag was given (defaults apply). */
export function kindOptions(kind: string, o: Options): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  const api = single(o.api, 'api') ?? single(o['api-version'], 'api-version');
  if (api !== undefined) {
    const flag = o.api !== undefined ? '--api' : '--api-version';
    const spec = API_VERSIONS[kind];
    if (spec === undefined) throw new UsageError(`${flag} is for jaeger (v1|v3) and tempo (v1|v2) sources, not ${kind}`);
    if (!spec.values.includes(api)) throw new UsageError(`${flag} for a ${kind} source must be ${spec.values.join(' or ')}, got "${api}"`);
    options[spec.key] = api;
  }
  const derived = list(o['derived-field']);
  const labels = list(o['service-label']);
  if (kind === 'prometheus') Object.assign(options, prometheusOptions(o, labels));
  else if (derived.length > 0 || labels.length > 0) {
    if (kind !== 'loki') throw new UsageError(`${derived.length > 0 ? '--derived-field' : '--service-label'} is for loki sources, not ${kind}`);
    if (derived.length > 0) options.derivedFields = derived.flatMap(derivedField);
    if (labels.length > 0) options.serviceLabels = labels;
  }
  const prometheusOnly = PROMETHEUS_FLAGS.find((flag) => o[flag] !== undefined);
  if (prometheusOnly !== undefined && kind !== 'prometheus') throw new UsageError(`--${prometheusOnly} is for prometheus sources, not ${kind}`);
  const index = single(o.index, 'index');
  const spanIndex = single(o['span-index'], 'span-index');
  const fields = list(o.field);
  if (index !== undefined || spanIndex !== undefined || fields.length > 0) {
    if (kind !== 'elasticsearch' && kind !== 'opensearch') {
      throw new UsageError(`${index !== undefined ? '--index' : spanIndex !== undefined ? '--span-index' : '--field'} is for elasticsearch and opensearch sources, not ${kind}`);
    }
    if (index !== undefined) options.indexPattern = index;
    if (spanIndex !== undefined) options.spanIndexPattern = spanIndex;
    if (fields.length > 0) options.fields = Object.fromEntries(fields.map(searchEngineField));
  }
  return Object.keys(options).length === 0 ? undefined : options;
}

const PROMETHEUS_FLAGS = ['span-metrics', 'calls-metric', 'latency-metric', 'latency-unit'] as const;

/** `--span-metrics otel-collector|tempo`, the metric names and unit, `--service-label L` (one label). */
function prometheusOptions(o: Options, labels: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const preset = single(o['span-metrics'], 'span-metrics');
  if (preset !== undefined) {
    if (preset !== 'otel-collector' && preset !== 'tempo') throw new UsageError(`--span-metrics must be otel-collector or tempo, got "${preset}"`);
    options.spanMetrics = preset;
  }
  const calls = single(o['calls-metric'], 'calls-metric');
  if (calls !== undefined) options.callsMetric = calls;
  const latency = single(o['latency-metric'], 'latency-metric');
  if (latency !== undefined) options.latencyMetric = latency;
  const unit = single(o['latency-unit'], 'latency-unit');
  if (unit !== undefined) {
    if (unit !== 's' && unit !== 'ms') throw new UsageError(`--latency-unit must be s or ms, got "${unit}"`);
    options.latencyUnit = unit;
  }
  if (labels.length > 1) throw new UsageError('--service-label is given once for a prometheus source: the label naming the service in the span metrics');
  if (labels.length === 1) options.serviceLabel = labels[0];
  return options;
}

/**
 * `--derived-field TARGET:FROM:KEY` (trace|span : metadata|label|json|regex : key or pattern; the pattern may hold
 * colons). The fields given replace the defaults; `--derived-field defaults` puts the defaults at that place.
 */
function derivedField(value: string): LokiDerivedField[] {
  if (value === 'defaults') return DEFAULT_LOKI_DERIVED_FIELDS;
  const match = /^([^:]+):([^:]+):(.+)$/s.exec(value);
  const target = TARGETS[match?.[1] ?? ''];
  const from = FROMS.find((f) => f === match?.[2]);
  if (match === null || target === undefined || from === undefined) {
    throw new UsageError(`--derived-field must look like trace:regex:traceID=(\\w+) or span:metadata:span_id (trace|span : ${FROMS.join('|')} : key or pattern), got "${value}"`);
  }
  const key = match[3]!;
  if (from === 'regex') {
    let groups = 0;
    try {
      groups = (new RegExp(`${key}|`).exec('') ?? []).length - 1;
    } catch (error) {
      throw new UsageError(`--derived-field "${value}": not a valid regular expression: ${(error as Error).message}`);
    }
    if (groups < 1) throw new UsageError(`--derived-field "${value}": the regex needs a capture group around the id, e.g. traceID=(\\w+)`);
  }
  return [{ target, from, key }];
}

/** `--field NAME=DOCUMENT_FIELD`, e.g. trace=trace.id, message=body.text. */
function searchEngineField(value: string): [string, string] {
  const at = value.indexOf('=');
  const name = SEARCH_ENGINE_FIELDS[value.slice(0, Math.max(0, at))];
  const field = value.slice(at + 1);
  if (at < 0 || name === undefined || field === '') {
    throw new UsageError(`--field must look like trace=trace.id (one of trace, span, service, level, timestamp, message), got "${value}"`);
  }
  return [name, field];
}

/**
 * Custom secret headers: `--header-env NAME=VAR` (repeatable; the value from the environment variable), or
 * `--header NAME --secret-stdin` for one header read from stdin. Values are secrets: never taken as arguments.
 */
export function headerAuth(o: Options, readSecret: () => Promise<string>): Promise<{ auth: SourceAuth; secrets: SourceSecrets } | undefined> {
  const fromEnv = list(o['header-env']).map((value): [string, string] => {
    const at = value.indexOf('=');
    const name = value.slice(0, Math.max(0, at));
    const variable = value.slice(at + 1);
    if (at < 0 || !HEADER_NAME.test(name) || variable === '') throw new UsageError(`--header-env must look like X-Api-Key=ENV_VAR (a header name, then the variable holding its value), got "${value}"`);
    const secret = process.env[variable];
    if (secret === undefined || secret === '') throw new UsageError(`--header-env ${name}: the environment variable ${variable} is not set`);
    return [name, secret];
  });
  const stdinHeader = single(o.header, 'header');
  if (stdinHeader === undefined && fromEnv.length === 0) return Promise.resolve(undefined);
  if (o['token-env'] !== undefined || o.user !== undefined) throw new UsageError('custom headers (--header-env, --header) replace --token-env and --user: give one kind of auth');
  if (stdinHeader !== undefined) {
    if (!HEADER_NAME.test(stdinHeader)) throw new UsageError(`--header must be an HTTP header name, got "${stdinHeader}"`);
    if (o['secret-stdin'] !== true) throw new UsageError('--header NAME reads its value from stdin: add --secret-stdin (or use --header-env NAME=VAR)');
  }
  return (async () => {
    const headers = Object.fromEntries(stdinHeader === undefined ? fromEnv : [...fromEnv, [stdinHeader, await readSecret()]]);
    return { auth: { type: 'headers', names: Object.keys(headers) }, secrets: { headers } };
  })();
}

/** The flag a config validation error is about, so `source add` names it. */
export function flagOfConfigPath(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  const flags: Record<string, string> = {
    name: 'NAME',
    kind: '--kind',
    url: '--url',
    tenant: '--tenant',
    timeoutMs: '--timeout',
    tls: '--ca',
    auth: second === 'username' ? '--user' : '--header-env',
    apiVersion: '--api',
    traceApi: '--api',
    derivedFields: '--derived-field',
    serviceLabels: '--service-label',
    indexPattern: '--index',
    fields: '--field',
  };
  return flags[first === 'options' ? (second ?? '') : (first ?? '')] ?? path.join('.');
}

/** A repeatable flag's values (parseArgs gives an array when the option is declared `multiple`). */
export function list(value: Options[string]): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** A single-valued flag given once. */
export function single(value: Options[string], flag: string): string | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${flag} may be given only once`);
  return value;
}
