import { UNKNOWN_SERVICE, type AttrValue, type Attributes, type Scope, type SpanEvent, type SpanLink } from '../../../shared/model.js';
import { FormatError, MAX_NS, type RecordSink } from '../../../shared/formats/records.js';
import { LIMITS, checkedString } from '../../../shared/formats/values.js';

/**
 * Turns decoded OTLP protobuf messages straight into the records shared/formats/otlp.ts makes from OTLP/JSON, with the
 * same checks and the same error paths, so a span received as protobuf, received as JSON or imported from a file
 * becomes the same row. Going through the JSON shape first (hex and decimal strings, then parsing them back) cost
 * about half the protobuf decoding thread's CPU, most of it in allocations.
 */

/** protobufjs's 64-bit value (the `long` package's shape). */
interface LongBits {
  low: number;
  high: number;
}
type Bytes = Uint8Array;

interface PbAnyValue {
  /** protobufjs's virtual oneof field: the name of the member that is set. */
  value?: string;
  stringValue: string;
  boolValue: boolean;
  intValue: LongBits | number;
  doubleValue: number;
  arrayValue: { values: PbAnyValue[] } | null;
  kvlistValue: { values: PbKeyValue[] } | null;
  bytesValue: Bytes;
}
interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
interface PbScoped {
  scope: { name: string; version: string } | null;
}
interface PbResourced {
  resource: { attributes: PbKeyValue[] } | null;
}
interface PbSpan {
  traceId: Bytes;
  spanId: Bytes;
  traceState: string;
  parentSpanId: Bytes;
  name: string;
  kind: number;
  startTimeUnixNano: LongBits;
  endTimeUnixNano: LongBits;
  attributes: PbKeyValue[];
  events: { timeUnixNano: LongBits; name: string; attributes: PbKeyValue[] }[];
  links: { traceId: Bytes; spanId: Bytes; attributes: PbKeyValue[] }[];
  status: { code: number; message: string } | null;
}
interface PbLogRecord {
  timeUnixNano: LongBits;
  observedTimeUnixNano: LongBits;
  severityNumber: number;
  severityText: string;
  body: PbAnyValue | null;
  attributes: PbKeyValue[];
  traceId: Bytes;
  spanId: Bytes;
}
export interface PbTraceRequest {
  resourceSpans: (PbResourced & { scopeSpans: (PbScoped & { spans: PbSpan[] })[] })[];
}
export interface PbLogsRequest {
  resourceLogs: (PbResourced & { scopeLogs: (PbScoped & { logRecords: PbLogRecord[] })[] })[];
}

/** An id field of the wrong length; the message names the field. */
export class IdLengthError extends Error {}

const TWO_32 = 4294967296;

/** An unsigned fixed64 (nanoseconds) as an exact BigInt, refused past SQLite's signed 64-bit range. */
function unsignedNs(value: LongBits | number, path: string): bigint {
  let ns: bigint;
  if (typeof value === 'number') ns = BigInt(value);
  else {
    const high = value.high >>> 0;
    const low = value.low >>> 0;
    ns = high < 0x200000 ? BigInt(high * TWO_32 + low) : (BigInt(high) << 32n) | BigInt(low);
  }
  if (ns > MAX_NS) throw new FormatError(path, `time ${ns} ns is out of range (after the year 2262)`);
  return ns;
}

const isZero = (value: LongBits | number) => (typeof value === 'number' ? value === 0 : value.low === 0 && value.high === 0);

/** int64 as OTLP/JSON's parser keeps it: a number when exact, else its decimal text (never rounded). */
function signed64(value: LongBits | number): number | string {
  if (typeof value === 'number') return value;
  const { high, low } = value;
  // Within ±2^53 the double is exact.
  if (high >= -0x200000 && high < 0x200000) {
    const n = high * TWO_32 + (low >>> 0);
    if (Number.isSafeInteger(n)) return n;
  }
  return ((BigInt(high) << 32n) | BigInt(low >>> 0)).toString();
}

const ZERO_IDS = { 8: '0'.repeat(16), 16: '0'.repeat(32) };

/**
 * An id as lowercase hex; absent (empty or all zeros, as OTLP means "none") is null. OTLP ids are exactly 16 (trace)
 * or 8 (span) bytes: any other length is refused, as the Collector refuses it, rather than guessed at.
 */
function hex(bytes: Bytes, length: 8 | 16, path: string): string | null {
  if (bytes.length === 0) return null;
  if (bytes.length !== length) throw new IdLengthError(`${path}: an id of ${bytes.length} bytes; OTLP ids are ${length} bytes`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return text === ZERO_IDS[length] ? null : text;
}

function requiredHex(bytes: Bytes, length: 8 | 16, path: string): string {
  const id = hex(bytes, length, path);
  if (id === null) throw new FormatError(path, `${length === 16 ? 'trace' : 'span'} id is missing or all zeros`);
  return id;
}

function text(value: string, path: string): string {
  return value.length <= LIMITS.maxStringLength ? value : checkedString(value, path);
}

function enumValue(value: number, max: number, path: string): number {
  if (value >= 0 && value <= max) return value;
  throw new FormatError(path, `unknown enum value number ${value}`);
}

/** AnyValue → attribute value, as values.ts reads the same value from OTLP/JSON. */
function anyValue(v: PbAnyValue | null, path: string, depth: number): AttrValue {
  if (depth > LIMITS.maxDepth) throw new FormatError(path, `value nested deeper than ${LIMITS.maxDepth} levels`);
  switch (v?.value) {
    case 'stringValue':
      return text(v.stringValue, `${path}.stringValue`);
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return signed64(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'arrayValue': {
      const values = v.arrayValue?.values ?? [];
      const out = new Array<AttrValue>(values.length);
      for (let i = 0; i < values.length; i++) out[i] = anyValue(values[i]!, `${path}.arrayValue.values[${i}]`, depth + 1);
      return out;
    }
    case 'kvlistValue':
      return keyValues(v.kvlistValue?.values ?? [], `${path}.kvlistValue.values`, depth + 1);
    case 'bytesValue':
      // OTLP/JSON writes bytes values as base64, and that text is what gets stored.
      return text(Buffer.from(v.bytesValue.buffer, v.bytesValue.byteOffset, v.bytesValue.byteLength).toString('base64'), `${path}.bytesValue`);
    default:
      return null;
  }
}

/** A string, int, bool or double value; undefined for any other (read by anyValue, which also reports errors). */
function scalar(v: PbAnyValue): AttrValue | undefined {
  switch (v.value) {
    case 'stringValue':
      return v.stringValue.length <= LIMITS.maxStringLength ? v.stringValue : undefined;
    case 'intValue':
      return signed64(v.intValue);
    case 'boolValue':
      return v.boolValue;
    case 'doubleValue':
      return v.doubleValue;
    default:
      return undefined;
  }
}

function keyValues(list: PbKeyValue[], path: string, depth = 0): Attributes {
  if (list.length > LIMITS.maxAttributes) throw new FormatError(path, `${list.length} attributes is over the ${LIMITS.maxAttributes} limit`);
  const out: Attributes = {};
  for (let i = 0; i < list.length; i++) {
    const kv = list[i]!;
    const key = kv.key;
    if (key.length > LIMITS.maxStringLength) checkedString(key, `${path}[${i}].key`);
    const v = kv.value;
    // The common scalars inline, without building a path; the rest (and every error) through anyValue.
    out[key] = (v === null ? undefined : scalar(v)) ?? anyValue(v, `${path}[${i}].value`, depth);
  }
  return out;
}

function resourceOf(batch: PbResourced, path: string): Attributes {
  return batch.resource === null ? {} : keyValues(batch.resource.attributes, `${path}.resource.attributes`);
}

function scopeOf(scoped: PbScoped, path: string): Scope | null {
  if (scoped.scope === null) return null;
  const name = text(scoped.scope.name, `${path}.scope.name`);
  const version = text(scoped.scope.version, `${path}.scope.version`);
  if (name === '' && version === '') return null;
  return version === '' ? { name } : { name, version };
}

function serviceOf(resource: Attributes): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE;
}

function span(s: PbSpan, path: string, resource: Attributes, service: string, scope: Scope | null, sink: RecordSink): void {
  const traceId = requiredHex(s.traceId, 16, `${path}.traceId`);
  const startNs = unsignedNs(s.startTimeUnixNano, `${path}.startTimeUnixNano`);
  const endNs = unsignedNs(s.endTimeUnixNano, `${path}.endTimeUnixNano`);
  if (endNs < startNs) throw new FormatError(`${path}.endTimeUnixNano`, 'span ends before it starts');
  sink.span({
    traceId,
    spanId: requiredHex(s.spanId, 8, `${path}.spanId`),
    parentSpanId: hex(s.parentSpanId, 8, `${path}.parentSpanId`),
    service,
    name: text(s.name, `${path}.name`),
    kind: enumValue(s.kind, 5, `${path}.kind`),
    startNs,
    endNs,
    statusCode: s.status === null ? 0 : enumValue(s.status.code, 2, `${path}.status.code`),
    statusMessage: s.status === null ? '' : text(s.status.message, `${path}.status.message`),
    attributes: keyValues(s.attributes, `${path}.attributes`),
    resource,
    events: s.events.length === 0 ? [] : events(s.events, `${path}.events`),
    links: s.links.length === 0 ? [] : links(s.links, `${path}.links`),
    scope,
    ...(s.traceState ? { traceState: text(s.traceState, `${path}.traceState`) } : {}),
  });
}

function events(list: PbSpan['events'], path: string): SpanEvent[] {
  const out = new Array<SpanEvent>(list.length);
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    out[i] = {
      timeNs: unsignedNs(e.timeUnixNano, `${path}[${i}].timeUnixNano`).toString(),
      name: text(e.name, `${path}[${i}].name`),
      attributes: keyValues(e.attributes, `${path}[${i}].attributes`),
    };
  }
  return out;
}

function links(list: PbSpan['links'], path: string): SpanLink[] {
  const out = new Array<SpanLink>(list.length);
  for (let i = 0; i < list.length; i++) {
    const l = list[i]!;
    out[i] = {
      traceId: requiredHex(l.traceId, 16, `${path}[${i}].traceId`),
      spanId: requiredHex(l.spanId, 8, `${path}[${i}].spanId`),
      attributes: keyValues(l.attributes, `${path}[${i}].attributes`),
    };
  }
  return out;
}

/** Log bodies are AnyValue; structured bodies are kept as JSON text so they stay searchable. */
function bodyText(body: PbAnyValue | null, path: string): string {
  if (body === null) return '';
  if (body.value === 'stringValue' && body.stringValue.length <= LIMITS.maxStringLength) return body.stringValue;
  const value = anyValue(body, path, 0);
  if (typeof value === 'string') return value;
  return value === null ? '' : checkedString(JSON.stringify(value), path);
}

function logRecord(r: PbLogRecord, path: string, resource: Attributes, service: string, scope: Scope | null, sink: RecordSink): void {
  // 0 means "not set" for both times in protobuf; timeUnixNano is optional in OTLP and then the observed time stands in.
  const observedNs = isZero(r.observedTimeUnixNano) ? null : unsignedNs(r.observedTimeUnixNano, `${path}.observedTimeUnixNano`);
  const timeNs = isZero(r.timeUnixNano) ? observedNs : unsignedNs(r.timeUnixNano, `${path}.timeUnixNano`);
  if (timeNs === null) throw new FormatError(path, 'log record has neither timeUnixNano nor observedTimeUnixNano');
  sink.log({
    timeNs,
    observedNs,
    severityNumber: enumValue(r.severityNumber, 24, `${path}.severityNumber`),
    severityText: text(r.severityText, `${path}.severityText`),
    body: bodyText(r.body, `${path}.body`),
    service,
    traceId: hex(r.traceId, 16, `${path}.traceId`),
    spanId: hex(r.spanId, 8, `${path}.spanId`),
    attributes: keyValues(r.attributes, `${path}.attributes`),
    resource,
    scope,
  });
}

/** Every span of an ExportTraceServiceRequest into `sink`; throws FormatError or IdLengthError naming the field. */
export function traceRequestRecords(request: PbTraceRequest, sink: RecordSink): void {
  request.resourceSpans.forEach((batch, b) => {
    const path = `resourceSpans[${b}]`;
    const resource = resourceOf(batch, path);
    const service = serviceOf(resource);
    batch.scopeSpans.forEach((scoped, s) => {
      const scopedPath = `${path}.scopeSpans[${s}]`;
      const scope = scopeOf(scoped, scopedPath);
      const spans = scoped.spans;
      for (let i = 0; i < spans.length; i++) span(spans[i]!, `${scopedPath}.spans[${i}]`, resource, service, scope, sink);
    });
  });
}

/** Every log record of an ExportLogsServiceRequest into `sink`; throws FormatError or IdLengthError naming the field. */
export function logsRequestRecords(request: PbLogsRequest, sink: RecordSink): void {
  request.resourceLogs.forEach((batch, b) => {
    const path = `resourceLogs[${b}]`;
    const resource = resourceOf(batch, path);
    const service = serviceOf(resource);
    batch.scopeLogs.forEach((scoped, s) => {
      const scopedPath = `${path}.scopeLogs[${s}]`;
      const scope = scopeOf(scoped, scopedPath);
      const records = scoped.logRecords;
      for (let i = 0; i < records.length; i++) logRecord(records[i]!, `${scopedPath}.logRecords[${i}]`, resource, service, scope, sink);
    });
  });
}
