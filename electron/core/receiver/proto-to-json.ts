import type { Json, JsonObject } from '../../../shared/formats/values.js';

/**
 * Turns decoded OTLP protobuf messages into the OTLP/JSON shape that shared/formats/otlp.ts reads, so a span
 * received as protobuf, received as JSON or imported from a file goes through one parser and becomes the same row.
 * Ids become lowercase hex (as OTLP/JSON writes them), 64-bit numbers decimal strings (exact), and proto3 zero
 * values are left out, as OTLP/JSON producers leave them out.
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

const TWO_32 = 4294967296;

/** An unsigned fixed64 (nanoseconds) as a decimal string; epoch nanoseconds exceed 2^53, so BigInt does the sum. */
function unsigned64(value: LongBits | number): string {
  if (typeof value === 'number') return String(value);
  const high = value.high >>> 0;
  const low = value.low >>> 0;
  if (high < 0x200000) return String(high * TWO_32 + low);
  return ((BigInt(high) << 32n) | BigInt(low)).toString();
}

function signed64(value: LongBits | number): string {
  if (typeof value === 'number') return String(value);
  if ((value.high === 0 && value.low >= 0) || (value.high === -1 && value.low < 0)) return String(value.low);
  return ((BigInt(value.high) << 32n) | BigInt(value.low >>> 0)).toString();
}

const isZero = (value: LongBits | number) => (typeof value === 'number' ? value === 0 : value.low === 0 && value.high === 0);

/** An id field of the wrong length; the message names the field. */
export class IdLengthError extends Error {}

/**
 * An id as hex; absent (empty) is undefined. OTLP ids are exactly 16 (trace) or 8 (span) bytes: any other length
 * is refused, as the Collector refuses it, rather than guessed at.
 */
function hex(bytes: Bytes, length: 8 | 16, path: string): string | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes.length !== length) throw new IdLengthError(`${path}: an id of ${bytes.length} bytes; OTLP ids are ${length} bytes`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function anyValue(v: PbAnyValue | null): JsonObject {
  switch (v?.value) {
    case 'stringValue':
      return { stringValue: v.stringValue };
    case 'boolValue':
      return { boolValue: v.boolValue };
    case 'intValue':
      return { intValue: signed64(v.intValue) };
    case 'doubleValue':
      return { doubleValue: v.doubleValue };
    case 'arrayValue':
      return { arrayValue: { values: (v.arrayValue?.values ?? []).map(anyValue) } };
    case 'kvlistValue':
      return { kvlistValue: { values: keyValues(v.kvlistValue?.values ?? []) } };
    case 'bytesValue':
      // OTLP/JSON writes bytes values as base64.
      return { bytesValue: Buffer.from(v.bytesValue).toString('base64') };
    default:
      return {};
  }
}

function keyValues(list: PbKeyValue[]): Json[] {
  const out: Json[] = new Array<Json>(list.length);
  for (let i = 0; i < list.length; i++) {
    const kv = list[i]!;
    out[i] = { key: kv.key, value: anyValue(kv.value) };
  }
  return out;
}

function resourceOf(batch: PbResourced): JsonObject {
  return batch.resource === null ? {} : { resource: { attributes: keyValues(batch.resource.attributes) } };
}

function scopeOf(scoped: PbScoped): JsonObject {
  return scoped.scope === null ? {} : { scope: { name: scoped.scope.name, version: scoped.scope.version } };
}

function span(s: PbSpan, path: string): JsonObject {
  const out: JsonObject = {
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: unsigned64(s.startTimeUnixNano),
    endTimeUnixNano: unsigned64(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
  };
  const traceId = hex(s.traceId, 16, `${path}.traceId`);
  const spanId = hex(s.spanId, 8, `${path}.spanId`);
  const parentSpanId = hex(s.parentSpanId, 8, `${path}.parentSpanId`);
  if (traceId !== undefined) out.traceId = traceId;
  if (spanId !== undefined) out.spanId = spanId;
  if (parentSpanId !== undefined) out.parentSpanId = parentSpanId;
  if (s.status !== null) out.status = { code: s.status.code, message: s.status.message };
  if (s.events.length > 0) {
    out.events = s.events.map((e) => ({ timeUnixNano: unsigned64(e.timeUnixNano), name: e.name, attributes: keyValues(e.attributes) }));
  }
  if (s.links.length > 0) {
    out.links = s.links.map((l, i) => {
      const link: JsonObject = { attributes: keyValues(l.attributes) };
      const linkTrace = hex(l.traceId, 16, `${path}.links[${i}].traceId`);
      const linkSpan = hex(l.spanId, 8, `${path}.links[${i}].spanId`);
      if (linkTrace !== undefined) link.traceId = linkTrace;
      if (linkSpan !== undefined) link.spanId = linkSpan;
      return link;
    });
  }
  return out;
}

function logRecord(r: PbLogRecord, path: string): JsonObject {
  const out: JsonObject = {
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    attributes: keyValues(r.attributes),
  };
  // 0 means "not set" for both times in protobuf; the parser then falls back to the observed time.
  if (!isZero(r.timeUnixNano)) out.timeUnixNano = unsigned64(r.timeUnixNano);
  if (!isZero(r.observedTimeUnixNano)) out.observedTimeUnixNano = unsigned64(r.observedTimeUnixNano);
  if (r.body !== null) out.body = anyValue(r.body);
  const traceId = hex(r.traceId, 16, `${path}.traceId`);
  const spanId = hex(r.spanId, 8, `${path}.spanId`);
  if (traceId !== undefined) out.traceId = traceId;
  if (spanId !== undefined) out.spanId = spanId;
  return out;
}

/** ExportTraceServiceRequest → the `resourceSpans` array of its OTLP/JSON form. */
export function resourceSpansJson(request: PbTraceRequest): JsonObject[] {
  return request.resourceSpans.map((batch, b) => ({
    ...resourceOf(batch),
    scopeSpans: batch.scopeSpans.map((scoped, s) => ({
      ...scopeOf(scoped),
      spans: scoped.spans.map((one, i) => span(one, `resourceSpans[${b}].scopeSpans[${s}].spans[${i}]`)),
    })),
  }));
}

/** ExportLogsServiceRequest → the `resourceLogs` array of its OTLP/JSON form. */
export function resourceLogsJson(request: PbLogsRequest): JsonObject[] {
  return request.resourceLogs.map((batch, b) => ({
    ...resourceOf(batch),
    scopeLogs: batch.scopeLogs.map((scoped, s) => ({
      ...scopeOf(scoped),
      logRecords: scoped.logRecords.map((one, i) => logRecord(one, `resourceLogs[${b}].scopeLogs[${s}].logRecords[${i}]`)),
    })),
  }));
}
