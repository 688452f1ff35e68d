import { IdError, canonicalId, requiredId, type IdKind } from '../ids.js';
import {
  UNKNOWN_SERVICE,
  type Attributes,
  type Scope,
  type SpanEvent,
  type SpanLink,
} from '../model.js';
import { FormatError, MAX_NS, type RecordSink, type SpanRecord } from './records.js';
import { LIMITS, asObject, describe, isObject, nsFromMicros, optString, type Json, type JsonObject } from './values.js';
import { at, checkCount, keyOf, setAttr, tagAt, tagValue } from './jaeger-tags.js';

/**
 * Jaeger query HTTP API v1 JSON (what `/api/traces` returns and what Jaeger UI uploads): traces of
 * `{traceID, spans[], processes{id: {serviceName, tags}}}`, times in µs, tags as `[{key, type, value}]`.
 * See FORMATS.md §1. Envelopes (`{data: [...]}`) are split by the caller.
 */

/**
 * A process as this parser keeps it: `tags` is the resource (process tags plus `service.name`), used as-is as the
 * `resource` of every span of the process, so writers can cache work on its identity.
 */
export interface JaegerProcess {
  serviceName: string;
  tags: Attributes;
}

export function isJaegerSpan(value: unknown): boolean {
  return isObject(value) && typeof value.traceID === 'string' && typeof value.spanID === 'string';
}

export function isJaegerTrace(value: unknown): boolean {
  return isObject(value) && typeof value.traceID === 'string' && Array.isArray(value.spans);
}

/** One trace object; `path` locates it in the file (e.g. `data[0]`) and prefixes every error. */
export function jaegerTrace(value: unknown, path: string, sink: RecordSink): void {
  const trace = asObject(value, path);
  const spansPath = at(path, 'spans');
  if (!Array.isArray(trace.spans)) throw new FormatError(spansPath, `expected an array, got ${describe(trace.spans)}`);
  const reader = new JaegerTraceReader(path, sink);
  reader.processes(trace.processes);
  const spans = trace.spans;
  for (let i = 0; i < spans.length; i++) reader.span(spans[i], i);
}

/**
 * Reads one trace's spans one at a time, so a trace too big to hold can be streamed. A span naming a `processID`
 * needs the trace's `processes`, which Jaeger writes after the spans: whoever streams holds such spans back until
 * `processes` has been given (or the trace has ended without it).
 */
export class JaegerTraceReader {
  private known: Record<string, JaegerProcess> | null = null;
  /** Spans without a process entry share one resource per distinct inline process (or one for "none"). */
  private readonly inline = new Map<string, JaegerProcess>();
  private readonly none: JaegerProcess = { serviceName: UNKNOWN_SERVICE, tags: {} };
  private readonly spansPath: string;

  constructor(
    private readonly path: string,
    private readonly sink: RecordSink,
  ) {
    this.spansPath = at(path, 'spans');
  }

  get hasProcesses(): boolean {
    return this.known !== null;
  }

  processes(value: unknown): void {
    this.known = jaegerProcesses(value, at(this.path, 'processes'));
  }

  span(value: unknown, index: number): void {
    const spanPath = `${this.spansPath}[${index}]`;
    const span = asObject(value, spanPath);
    let process = lookup(this.known, span.processID);
    if (process === null && span.process !== undefined && span.process !== null) {
      // Keyed on the validated, flat tags: stringifying the raw input could recurse as deep as it is nested.
      const parsed = jaegerProcess(span.process, at(spanPath, 'process'));
      const key = `${parsed.serviceName.length}:${parsed.serviceName}${JSON.stringify(parsed.tags)}`;
      process = this.inline.get(key) ?? null;
      if (process === null) this.inline.set(key, (process = parsed));
    }
    this.sink.span(spanRecord(span, spanPath, process ?? this.none));
  }
}

/** One span, e.g. from a bare array of spans that carry an inline `process`. */
export function jaegerSpan(
  value: unknown,
  path: string,
  processes: Record<string, JaegerProcess> | null,
  sink: RecordSink,
): void {
  const span = asObject(value, path);
  let process = lookup(processes, span.processID);
  if (process === null && span.process !== undefined && span.process !== null) {
    process = jaegerProcess(span.process, at(path, 'process'));
  }
  sink.span(spanRecord(span, path, process ?? { serviceName: UNKNOWN_SERVICE, tags: {} }));
}

/** The `processes` map of a trace. Null-prototype, so a process named "__proto__" or "constructor" is just a key. */
export function jaegerProcesses(value: unknown, path: string): Record<string, JaegerProcess> {
  const out = Object.create(null) as Record<string, JaegerProcess>;
  if (value === undefined || value === null) return out;
  const map = asObject(value, path);
  for (const id in map) out[id] = jaegerProcess(map[id], `${path}.${id}`);
  return out;
}

function jaegerProcess(value: unknown, path: string): JaegerProcess {
  const process = asObject(value, path);
  const name = stringAt(process.serviceName, path, 'serviceName');
  const tags: Attributes = {};
  const list = arrayAt(process.tags, path, 'tags');
  checkCount(list, path, 'tags');
  for (let i = 0; i < list.length; i++) {
    const tag = tagAt(list, i, path);
    setAttr(tags, keyOf(tag, path, i), tagValue(tag, path, i));
  }
  if (name !== '') tags['service.name'] = name;
  return { serviceName: name === '' ? UNKNOWN_SERVICE : name, tags };
}

function lookup(processes: Record<string, JaegerProcess> | null, id: unknown): JaegerProcess | null {
  if (processes === null || typeof id !== 'string' || !Object.hasOwn(processes, id)) return null;
  return processes[id] ?? null;
}

function spanRecord(span: JsonObject, path: string, process: JaegerProcess): SpanRecord {
  const traceId = idAt(span.traceID, 'trace', path, 'traceID');
  const spanId = idAt(span.spanID, 'span', path, 'spanID');
  const startNs = micros(span.startTime, path, 'startTime');
  const duration = span.duration === undefined || span.duration === null ? 0n : micros(span.duration, path, 'duration');
  const endNs = startNs + duration;
  if (endNs > MAX_NS) throw new FormatError(at(path, 'duration'), 'the span ends after the year 2262');
  const tags = spanTags(span.tags, path);
  const links: SpanLink[] = [];
  const parentSpanId = references(span.references, path, traceId, links);
  return {
    traceId,
    spanId,
    parentSpanId,
    service: process.serviceName,
    name: stringAt(span.operationName, path, 'operationName'),
    kind: tags.kind,
    startNs,
    endNs,
    statusCode: tags.statusCode,
    statusMessage: tags.statusMessage,
    attributes: tags.attributes,
    resource: process.tags,
    events: logs(span.logs, path),
    links,
    scope: tags.scope,
  };
}

interface SpanTags {
  attributes: Attributes;
  kind: number;
  statusCode: number;
  statusMessage: string;
  scope: Scope | null;
}

/**
 * Span tags → attributes, lifting out what OTLP-origin data and OpenTracing conventions encode as tags: `span.kind`,
 * status (`otel.status_code`/`otel.status_description`, else `error=true`) and scope (`otel.scope.*`, or the older
 * `otel.library.*` that Jaeger wrote before OTel renamed it). Values that do not fit stay as attributes.
 */
function spanTags(value: unknown, path: string): SpanTags {
  const list = arrayAt(value, path, 'tags');
  checkCount(list, path, 'tags');
  const attributes: Attributes = {};
  let kind = 0;
  let otelStatus = 0;
  let error = false;
  let statusMessage = '';
  let scopeName = '';
  let scopeVersion = '';
  let libraryName = '';
  let libraryVersion = '';
  for (let i = 0; i < list.length; i++) {
    const tag = tagAt(list, i, path);
    const key = keyOf(tag, path, i);
    const v = tagValue(tag, path, i);
    switch (key) {
      case 'span.kind': {
        const k = typeof v === 'string' ? spanKind(v) : -1;
        if (k < 0) break;
        kind = k;
        continue;
      }
      case 'otel.status_code':
        if (v === 'ERROR') otelStatus = 2;
        else if (v === 'OK') otelStatus = 1;
        else if (v !== 'UNSET') break;
        continue;
      case 'otel.status_description':
        if (typeof v !== 'string') break;
        statusMessage = v;
        continue;
      case 'error':
        // Only true/false are a status; anything else (a message, say) is kept rather than guessed at.
        if (v === true || v === 'true') error = true;
        else if (v !== false && v !== 'false') break;
        continue;
      case 'otel.scope.name':
      case 'otel.scope.version':
      case 'otel.library.name':
      case 'otel.library.version':
        if (typeof v !== 'string') break;
        if (key === 'otel.scope.name') scopeName = v;
        else if (key === 'otel.scope.version') scopeVersion = v;
        else if (key === 'otel.library.name') libraryName = v;
        else libraryVersion = v;
        continue;
    }
    setAttr(attributes, key, v);
  }
  const statusCode = otelStatus !== 0 ? otelStatus : error ? 2 : 0;
  return {
    attributes,
    kind,
    statusCode,
    statusMessage,
    scope: scopeOf(scopeName || libraryName, scopeVersion || libraryVersion),
  };
}

function scopeOf(name: string, version: string): Scope | null {
  if (name === '') return null;
  return version === '' ? { name } : { name, version };
}

/** Jaeger writes OpenTracing's lowercase kinds; -1 for anything else. */
function spanKind(value: string): number {
  switch (value) {
    case 'internal':
      return 1;
    case 'server':
      return 2;
    case 'client':
      return 3;
    case 'producer':
      return 4;
    case 'consumer':
      return 5;
    default:
      return -1;
  }
}

/** The link attribute the OpenTelemetry Collector's Jaeger translator gives every reference it keeps as a link. */
export const REF_TYPE_ATTRIBUTE = 'opentracing.ref_type';

/**
 * The parent is the first CHILD_OF reference in the span's own trace, else its first FOLLOWS_FROM there (Jaeger's
 * `Span.ParentSpanID`), so the tree is laid out as Jaeger UI lays it out. Every other reference becomes a link, and so
 * does a FOLLOWS_FROM parent, as the Collector's translator (jReferencesToSpanLinks) keeps it: `opentracing.ref_type`
 * = `follows_from` on a link to the parent is how the critical path and the waterfall know the parent did not wait.
 * Returns the parent id.
 */
function references(value: unknown, path: string, traceId: string, links: SpanLink[]): string | null {
  const list = arrayAt(value, path, 'references');
  if (list.length === 0) return null;
  const refsPath = at(path, 'references');
  const refs: { traceId: string; spanId: string; refType: string }[] = [];
  let childOf = -1;
  let followsFrom = -1;
  for (let i = 0; i < list.length; i++) {
    const refPath = `${refsPath}[${i}]`;
    const ref = asObject(list[i], refPath);
    // Jaeger's protobuf enum makes CHILD_OF the zero value, which JSON writers may omit.
    const refType =
      ref.refType === undefined || ref.refType === null ? 'CHILD_OF' : optString(ref.refType, at(refPath, 'refType')).toUpperCase();
    const refTrace = optIdAt(ref.traceID, 'trace', refPath, 'traceID') ?? traceId;
    refs.push({ traceId: refTrace, spanId: idAt(ref.spanID, 'span', refPath, 'spanID'), refType });
    if (refTrace !== traceId) continue;
    if (childOf < 0 && refType === 'CHILD_OF') childOf = i;
    if (followsFrom < 0 && refType !== 'CHILD_OF') followsFrom = i;
  }
  const parent = childOf >= 0 ? childOf : followsFrom;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if ((i === parent && i === childOf) || ref === undefined) continue;
    links.push({ traceId: ref.traceId, spanId: ref.spanId, attributes: { [REF_TYPE_ATTRIBUTE]: ref.refType.toLowerCase() } });
  }
  return refs[parent]?.spanId ?? null;
}

/** Logs → events: the `event` field names the event (Jaeger UI shows it so), the other fields are attributes. */
function logs(value: unknown, path: string): SpanEvent[] {
  const list = arrayAt(value, path, 'logs');
  const events: SpanEvent[] = [];
  if (list.length === 0) return events;
  const logsPath = at(path, 'logs');
  for (let i = 0; i < list.length; i++) {
    const logPath = `${logsPath}[${i}]`;
    const log = asObject(list[i], logPath);
    const timeNs = micros(log.timestamp, logPath, 'timestamp').toString();
    const fields = arrayAt(log.fields, logPath, 'fields');
    checkCount(fields, logPath, 'fields');
    const attributes: Attributes = {};
    let name = '';
    for (let j = 0; j < fields.length; j++) {
      const tag = tagAt(fields, j, logPath, 'fields');
      const key = keyOf(tag, logPath, j, 'fields');
      const v = tagValue(tag, logPath, j, 'fields');
      if (key === 'event' && name === '' && typeof v === 'string' && v !== '') name = v;
      else setAttr(attributes, key, v);
    }
    events.push({ timeNs, name: name === '' ? 'log' : name, attributes });
  }
  return events;
}

/** An optional string field ('' when absent); the path is built only for the error. */
function stringAt(value: unknown, path: string, field: string): string {
  if (typeof value === 'string' && value.length <= LIMITS.maxStringLength) return value;
  return optString(value, at(path, field));
}

const EMPTY: readonly Json[] = [];

/** An optional array field; the path is built only for the error. */
function arrayAt(value: unknown, path: string, field: string): readonly Json[] {
  if (Array.isArray(value)) return value as Json[];
  if (value === undefined || value === null) return EMPTY;
  throw new FormatError(at(path, field), `expected an array, got ${describe(value)}`);
}

/** µs → ns. Integral µs within 2^53 are at most ~9.0e18 ns, below MAX_NS, so the common case needs no check. */
function micros(value: unknown, path: string, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value) * 1000n;
  return nsFromMicros(value, at(path, field));
}

function idAt(raw: unknown, kind: IdKind, path: string, field: string): string {
  try {
    return requiredId(raw, kind);
  } catch (error) {
    if (error instanceof IdError) throw new FormatError(at(path, field), error.message);
    throw error;
  }
}

function optIdAt(raw: unknown, kind: IdKind, path: string, field: string): string | null {
  try {
    return canonicalId(raw, kind);
  } catch (error) {
    if (error instanceof IdError) throw new FormatError(at(path, field), error.message);
    throw error;
  }
}
