import { IdError, canonicalId, requiredId, type IdKind, type OnMappedId } from '../ids.js';
import { UNKNOWN_SERVICE, type Attributes, type Scope, type SpanEvent, type SpanLink } from '../model.js';
import { FormatError, type RecordSink } from './records.js';
import {
  LIMITS,
  anyValue,
  asArray,
  asObject,
  at,
  checkedString,
  describe,
  isObject,
  keyValues,
  nsAt,
  nsFrom,
  optString,
  optStringAt,
  stringAttr,
} from './values.js';

/**
 * OTLP/JSON (ExportTraceServiceRequest / ExportLogsServiceRequest) as written by SDKs, the collector's file exporter,
 * Tempo (gogo jsonpb: base64 ids, enum names) and Jaeger api_v3. The spec wants hex ids and integer enums; real
 * producers also write base64 ids and enum names, so both are read.
 */

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function enumValue(value: unknown, names: Record<string, number>, max: number, path: string, key: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  if (typeof value === 'string' && Object.hasOwn(names, value)) return names[value]!;
  throw new FormatError(at(path, key), `unknown enum value ${describe(value)}`);
}

/**
 * Reads `object[key]` as an id; the error path is only built when the id is refused. An id of the wrong length for
 * OTLP (a 14-byte span id in base64) is replaced by a digest, which the sink is told of, naming both and the trace
 * it belongs to (`traceId`; a span's own trace id names itself).
 */
function id(raw: unknown, kind: IdKind, path: string, key: string, required: boolean, sink: RecordSink, traceId: string | null = null): string | null {
  lastMapped = null;
  let result: string | null;
  try {
    result = required ? requiredId(raw, kind, rememberMapped) : canonicalId(raw, kind, rememberMapped);
  } catch (error) {
    if (error instanceof IdError) throw new FormatError(at(path, key), error.message);
    throw error;
  }
  if (lastMapped !== null) warnMapped(sink, lastMapped, traceId ?? (kind === 'trace' ? result : null));
  return result;
}

interface MappedId {
  raw: string;
  id: string;
  kind: IdKind;
}

/** Set by canonicalId when it maps an id (synchronously, so one slot is enough) and read right after by id(). */
let lastMapped: MappedId | null = null;
const rememberMapped: OnMappedId = (raw, mappedTo, kind) => {
  lastMapped = { raw, id: mappedTo, kind };
};

/** Said once per id and trace (LoadWarnings drops repeats), not once per span that names it. */
function warnMapped(sink: RecordSink, mapped: MappedId, traceId: string | null): void {
  const shown = mapped.raw.length > 40 ? `${mapped.raw.slice(0, 40)}…` : mapped.raw;
  const bytes = mapped.kind === 'trace' ? '16' : '8';
  sink.warn?.(`${mapped.kind} id "${shown}" is neither hex nor base64 of ${bytes} bytes: stored as ${mapped.id}`, traceId);
}

/** What every span or log record of one ResourceSpans/ResourceLogs shares. */
export interface OtlpResource {
  resource: Attributes;
  service: string;
}

const NO_RESOURCE: OtlpResource = { resource: {}, service: UNKNOWN_SERVICE };

/** A batch's `resource` member (absent: no attributes, unknown service). */
export function otlpResource(value: unknown, path: string): OtlpResource {
  if (value === undefined || value === null) return NO_RESOURCE;
  const resource = keyValues(asObject(value, path).attributes, `${path}.attributes`);
  return { resource, service: stringAttr(resource, 'service.name') ?? UNKNOWN_SERVICE };
}

/** A scoped list's `scope` (or the older `instrumentationLibrary`) member. */
export function otlpScope(value: unknown, path: string): Scope | null {
  if (value === undefined || value === null) return null;
  const scope = asObject(value, path);
  const name = optString(scope.name, `${path}.name`);
  const version = optString(scope.version, `${path}.version`);
  if (name === '' && version === '') return null;
  return version === '' ? { name } : { name, version };
}

/** One ResourceSpans (also Tempo's `batches[i]`, and the old instrumentationLibrarySpans shape). */
export function otlpResourceSpans(value: unknown, path: string, sink: RecordSink): void {
  const batch = asObject(value, path);
  const resource = otlpResource(batch.resource, `${path}.resource`);
  const scopedKey = batch.scopeSpans !== undefined ? 'scopeSpans' : 'instrumentationLibrarySpans';
  const scopedList = asArray(batch[scopedKey], `${path}.${scopedKey}`);
  for (let s = 0; s < scopedList.length; s++) otlpScopeSpans(scopedList[s], `${path}.${scopedKey}[${s}]`, resource, sink);
}

/** One ScopeSpans of a batch whose resource is known. */
export function otlpScopeSpans(value: unknown, path: string, resource: OtlpResource, sink: RecordSink): void {
  const scoped = asObject(value, path);
  const scope = otlpScope(scoped.scope ?? scoped.instrumentationLibrary, `${path}.scope`);
  const spans = asArray(scoped.spans, `${path}.spans`);
  for (let i = 0; i < spans.length; i++) otlpSpan(spans[i], `${path}.spans[${i}]`, resource, scope, sink);
}

export function otlpSpan(value: unknown, path: string, { resource, service }: OtlpResource, scope: Scope | null, sink: RecordSink): void {
  const raw = asObject(value, path);
  const traceId = id(raw.traceId, 'trace', path, 'traceId', true, sink)!;
  // proto3 JSON omits zero values (gogo jsonpb in Tempo and Jaeger does), so an absent time is 0, not an error.
  const startNs = nsAt(raw, 'startTimeUnixNano', path, 0n);
  const endNs = nsAt(raw, 'endTimeUnixNano', path, startNs);
  if (endNs < startNs) throw new FormatError(at(path, 'endTimeUnixNano'), 'span ends before it starts');
  const status = raw.status === undefined || raw.status === null ? {} : asObject(raw.status, at(path, 'status'));
  sink.span({
    traceId,
    spanId: id(raw.spanId, 'span', path, 'spanId', true, sink, traceId)!,
    parentSpanId: id(raw.parentSpanId, 'span', path, 'parentSpanId', false, sink, traceId),
    service,
    name: optStringAt(raw, 'name', path),
    kind: enumValue(raw.kind, SPAN_KIND_NAMES, 5, path, 'kind'),
    startNs,
    endNs,
    statusCode: enumValue(status.code, STATUS_NAMES, 2, path, 'status.code'),
    statusMessage: optStringAt(status, 'message', at(path, 'status')),
    attributes: raw.attributes === undefined ? {} : keyValues(raw.attributes, at(path, 'attributes')),
    resource,
    events: raw.events === undefined ? [] : events(raw.events, at(path, 'events')),
    links: raw.links === undefined ? [] : links(raw.links, at(path, 'links'), sink, traceId),
    scope,
    ...traceStateOf(raw, path),
  });
}

/** W3C tracestate as sent (e.g. "ot=th:c"): it can carry the sampling threshold a span was kept at. */
function traceStateOf(raw: Parameters<typeof optStringAt>[0], path: string): { traceState?: string } {
  const value = optStringAt(raw, 'traceState', path);
  return value === '' ? {} : { traceState: value };
}

function events(value: unknown, path: string): SpanEvent[] {
  const list = asArray(value, path);
  const out: SpanEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const event = asObject(list[i], `${path}[${i}]`);
    out.push({
      timeNs: nsFrom(event.timeUnixNano, `${path}[${i}].timeUnixNano`).toString(),
      name: optString(event.name, `${path}[${i}].name`),
      attributes: keyValues(event.attributes, `${path}[${i}].attributes`),
    });
  }
  return out;
}

function links(value: unknown, path: string, sink: RecordSink, ownTrace: string): SpanLink[] {
  const list = asArray(value, path);
  const out: SpanLink[] = [];
  for (let i = 0; i < list.length; i++) {
    const link = asObject(list[i], `${path}[${i}]`);
    out.push({
      traceId: id(link.traceId, 'trace', `${path}[${i}]`, 'traceId', true, sink, ownTrace)!,
      spanId: id(link.spanId, 'span', `${path}[${i}]`, 'spanId', true, sink, ownTrace)!,
      attributes: keyValues(link.attributes, `${path}[${i}].attributes`),
    });
  }
  return out;
}

/** One ResourceLogs. */
export function otlpResourceLogs(value: unknown, path: string, sink: RecordSink): void {
  const batch = asObject(value, path);
  const resource = otlpResource(batch.resource, `${path}.resource`);
  const scopedKey = batch.scopeLogs !== undefined ? 'scopeLogs' : 'instrumentationLibraryLogs';
  const scopedList = asArray(batch[scopedKey], `${path}.${scopedKey}`);
  for (let s = 0; s < scopedList.length; s++) otlpScopeLogs(scopedList[s], `${path}.${scopedKey}[${s}]`, resource, sink);
}

/** One ScopeLogs of a batch whose resource is known. */
export function otlpScopeLogs(value: unknown, path: string, resource: OtlpResource, sink: RecordSink): void {
  const scoped = asObject(value, path);
  const scope = otlpScope(scoped.scope ?? scoped.instrumentationLibrary, `${path}.scope`);
  const records = asArray(scoped.logRecords, `${path}.logRecords`);
  for (let i = 0; i < records.length; i++) otlpLogRecord(records[i], `${path}.logRecords[${i}]`, resource, scope, sink);
}

const SEVERITY_NAMES: Record<string, number> = Object.fromEntries(
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((name, group) =>
    ['', '2', '3', '4'].map((suffix, i) => [`SEVERITY_NUMBER_${name}${suffix}`, group * 4 + i + 1]),
  ),
);
SEVERITY_NAMES.SEVERITY_NUMBER_UNSPECIFIED = 0;

export function otlpLogRecord(value: unknown, path: string, { resource, service }: OtlpResource, scope: Scope | null, sink: RecordSink): void {
  const raw = asObject(value, path);
  // timeUnixNano is optional in OTLP; the collector then relies on observedTimeUnixNano.
  const observedNs = raw.observedTimeUnixNano === undefined ? null : nsAt(raw, 'observedTimeUnixNano', path);
  const timeNs =
    raw.timeUnixNano !== undefined && raw.timeUnixNano !== '0' && raw.timeUnixNano !== 0 ? nsAt(raw, 'timeUnixNano', path) : observedNs;
  if (timeNs === null) throw new FormatError(path, 'log record has neither timeUnixNano nor observedTimeUnixNano');
  const logTrace = id(raw.traceId, 'trace', path, 'traceId', false, sink);
  sink.log({
    timeNs,
    observedNs,
    severityNumber: enumValue(raw.severityNumber, SEVERITY_NAMES, 24, path, 'severityNumber'),
    severityText: optStringAt(raw, 'severityText', path),
    body: bodyText(raw.body, path),
    service,
    traceId: logTrace,
    spanId: id(raw.spanId, 'span', path, 'spanId', false, sink, logTrace),
    attributes: raw.attributes === undefined ? {} : keyValues(raw.attributes, at(path, 'attributes')),
    resource,
    scope,
  });
}

/** Log bodies are AnyValue; structured bodies are kept as JSON text so they stay searchable. */
function bodyText(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (isObject(value) && typeof value.stringValue === 'string' && value.stringValue.length <= LIMITS.maxStringLength) {
    return value.stringValue;
  }
  const body = anyValue(value, at(path, 'body'));
  if (typeof body === 'string') return body;
  return body === null ? '' : checkedString(JSON.stringify(body), at(path, 'body'));
}
