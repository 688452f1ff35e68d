import { IdError, canonicalId, requiredId, type IdKind } from '../ids.js';
import { UNKNOWN_SERVICE, type Attributes, type Scope, type SpanEvent } from '../model.js';
import { FormatError, MAX_NS, type RecordSink, type SpanRecord } from './records.js';
import { hasTime, mergeZipkinFragments, type RawSpan } from './zipkin-merge.js';
import { LIMITS, asObject, describe, isObject, nsFromMicros, optString, type JsonObject } from './values.js';

/**
 * Zipkin v2 JSON spans (`/api/v2/trace/{id}` returns an array of them): µs times, string→string tags, endpoints
 * naming the local and remote service. See FORMATS.md §5. Arrays and arrays of arrays are split by the caller.
 */

export interface ZipkinParser {
  /** Takes a span; it reaches the sink at the next `flush` (or earlier, once MAX_BUFFERED spans wait). */
  span(value: unknown, path: string, sink: RecordSink): void;
  /** Merges the fragments among the waiting spans (zipkin-merge.ts) and reads them: call at the end of each JSON value. */
  flush(sink: RecordSink): void;
}

/**
 * Spans wait to be merged with other fragments of their id. Zipkin answers one trace per array, so fragments meet
 * within one JSON value; the bound keeps a huge flat file from being held whole (fragments further apart than this
 * are not merged).
 */
const MAX_BUFFERED = 20_000;

/**
 * A parser for one import: spans whose localEndpoint is the same share one resource object, so writers can cache
 * work on its identity. The cache is cleared past a bound so hostile input with endless endpoints cannot grow it.
 */
export function createZipkinParser(): ZipkinParser {
  const resources = new Map<string, Attributes>();
  let waiting: RawSpan[] = [];
  const flush = (sink: RecordSink) => {
    const spans = mergeZipkinFragments(waiting);
    waiting = [];
    for (const { value, path } of spans) {
      if (hasTime(value)) sink.span(zipkinRecord(asObject(value, path), path, resources));
      else warnUntimed(asObject(value, path), path, sink);
    }
  };
  return {
    span(value, path, sink) {
      if (waiting.length >= MAX_BUFFERED) flush(sink);
      waiting.push({ value, path });
    },
    flush,
  };
}

/** Zipkin v2 makes `timestamp` optional: a span with none, no annotations and no fragment that has one is skipped, said. */
function warnUntimed(span: JsonObject, path: string, sink: RecordSink): void {
  if (span.binaryAnnotations !== undefined) throw v1Error(at(path, 'binaryAnnotations'));
  const traceId = idAt(span.traceId, 'trace', path, 'traceId', true);
  const spanId = idAt(span.id, 'span', path, 'id', true);
  const name = typeof span.name === 'string' && span.name !== '' ? ` "${span.name}"` : '';
  sink.warn?.(`span ${spanId}${name} (record ${path}) skipped: it has no timestamp and no annotations, and no other fragment of its id has one`, traceId);
}

/** One span with a fresh parser: fine for a few spans; imports should hold one parser for the whole file. */
export function zipkinSpan(value: unknown, path: string, sink: RecordSink): void {
  const parser = createZipkinParser();
  parser.span(value, path, sink);
  parser.flush(sink);
}

/** Shape check only; test isZipkinV1Span first to refuse v1 spans, which share these two fields. */
export function isZipkinSpan(value: unknown): boolean {
  return isObject(value) && typeof value.traceId === 'string' && typeof value.id === 'string';
}

/** The older v1 format: endpoints sit on annotations (`sr`, `cs`…) and tags are `binaryAnnotations`. */
export function isZipkinV1Span(value: unknown): boolean {
  if (!isZipkinSpan(value) || !isObject(value)) return false;
  if (value.binaryAnnotations !== undefined) return true;
  const annotations = value.annotations;
  return Array.isArray(annotations) && annotations.some((a) => isObject(a) && a.endpoint !== undefined);
}

const MAX_CACHED_RESOURCES = 4096;

function zipkinRecord(span: JsonObject, path: string, resources: Map<string, Attributes>): SpanRecord {
  if (span.binaryAnnotations !== undefined) throw v1Error(at(path, 'binaryAnnotations'));
  const traceId = idAt(span.traceId, 'trace', path, 'traceId', true);
  const spanId = idAt(span.id, 'span', path, 'id', true);
  const parentSpanId = idAt(span.parentId, 'span', path, 'parentId', false);
  const local = endpoint(span.localEndpoint, path, 'localEndpoint');
  const remote = endpoint(span.remoteEndpoint, path, 'remoteEndpoint');

  const attributes: Attributes = {};
  if (remote !== null) {
    // The reverse of the OTel specification's Zipkin exporter mapping for remoteEndpoint.
    if (remote.serviceName !== '') attributes['peer.service'] = remote.serviceName;
    const ip = remote.ipv4 || remote.ipv6;
    if (ip !== '') attributes['net.peer.ip'] = ip;
    if (remote.port > 0) attributes['net.peer.port'] = remote.port;
  }
  const status = tags(span.tags, path, attributes);
  if (span.debug === true) attributes['zipkin.debug'] = true;
  if (span.shared === true) attributes['zipkin.shared'] = true;

  const events: SpanEvent[] = [];
  const earliest = annotations(span.annotations, path, events);
  const startNs = startOf(span.timestamp, earliest, path);
  const duration = span.duration === undefined || span.duration === null ? 0n : micros(span.duration, path, 'duration');
  const endNs = startNs + duration;
  if (endNs > MAX_NS) throw new FormatError(at(path, 'duration'), 'the span ends after the year 2262');

  return {
    traceId,
    spanId,
    parentSpanId,
    service: local !== null && local.serviceName !== '' ? local.serviceName : UNKNOWN_SERVICE,
    name: stringAt(span.name, path, 'name'),
    kind: kindOf(span.kind, path, remote !== null),
    startNs,
    endNs,
    statusCode: status.code,
    statusMessage: status.message,
    attributes,
    resource: resourceFor(local, resources),
    events,
    links: [],
    scope: status.scope,
  };
}

/** Both times are optional in Zipkin: an unfinished span may carry only annotations, its earliest is the start. */
function startOf(timestamp: unknown, earliest: bigint | null, path: string): bigint {
  if (timestamp !== undefined && timestamp !== null) return micros(timestamp, path, 'timestamp');
  if (earliest !== null) return earliest;
  throw new FormatError(at(path, 'timestamp'), 'span has no timestamp and no annotations to take one from');
}

/** Absent kind is a local span; with a remote endpoint but no kind the direction is unknown. */
function kindOf(value: unknown, path: string, hasRemote: boolean): number {
  switch (value) {
    case undefined:
    case null:
    case '':
      return hasRemote ? 0 : 1;
    case 'SERVER':
      return 2;
    case 'CLIENT':
      return 3;
    case 'PRODUCER':
      return 4;
    case 'CONSUMER':
      return 5;
  }
  throw new FormatError(at(path, 'kind'), `expected CLIENT, SERVER, PRODUCER or CONSUMER, got ${describe(value)}`);
}

interface Endpoint {
  serviceName: string;
  ipv4: string;
  ipv6: string;
  port: number;
}

function endpoint(value: unknown, path: string, field: string): Endpoint | null {
  if (value === undefined || value === null) return null;
  const p = at(path, field);
  const e = asObject(value, p);
  const port = e.port;
  if (
    port !== undefined &&
    port !== null &&
    !(typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535)
  ) {
    throw new FormatError(at(p, 'port'), `expected a port number, got ${describe(port)}`);
  }
  return {
    serviceName: stringAt(e.serviceName, p, 'serviceName'),
    ipv4: stringAt(e.ipv4, p, 'ipv4'),
    ipv6: stringAt(e.ipv6, p, 'ipv6'),
    port: typeof port === 'number' ? port : 0,
  };
}

/** One resource object per distinct local endpoint; the key is length-prefixed so no two endpoints collide. */
function resourceFor(local: Endpoint | null, resources: Map<string, Attributes>): Attributes {
  const key =
    local === null
      ? ''
      : `${local.serviceName.length}:${local.serviceName}${local.ipv4.length}:${local.ipv4}${local.ipv6.length}:${local.ipv6}${local.port}`;
  const cached = resources.get(key);
  if (cached !== undefined) return cached;
  const resource: Attributes = {};
  if (local !== null) {
    if (local.serviceName !== '') resource['service.name'] = local.serviceName;
    if (local.ipv4 !== '') resource['host.ip'] = local.ipv4;
    if (local.ipv6 !== '') resource['host.ipv6'] = local.ipv6;
    if (local.port > 0) resource['host.port'] = local.port;
  }
  if (resources.size >= MAX_CACHED_RESOURCES) resources.clear();
  resources.set(key, resource);
  return resource;
}

interface Status {
  code: number;
  message: string;
  scope: Scope | null;
}

/**
 * Tags into `attributes`, lifting out status and scope: `otel.status_code`/`otel.status_description` (OTel-origin
 * data) win over Zipkin's own `error` tag, whose value is the message. Tags are strings; numbers and booleans
 * from lax producers are kept as strings, anything nested is refused.
 */
function tags(value: unknown, path: string, attributes: Attributes): Status {
  const status: Status = { code: 0, message: '', scope: null };
  if (value === undefined || value === null) return status;
  const map = asObject(value, at(path, 'tags'));
  let otelCode = -1;
  let otelMessage = '';
  let error: string | null = null;
  let scopeName = '';
  let scopeVersion = '';
  let count = 0;
  for (const key in map) {
    if (++count > LIMITS.maxAttributes) {
      throw new FormatError(at(path, 'tags'), `more than ${LIMITS.maxAttributes} tags`);
    }
    const v = tagString(map[key], path, key);
    switch (key) {
      case 'error':
        error = v;
        continue;
      case 'otel.status_code':
        if (v === 'ERROR') otelCode = 2;
        else if (v === 'OK') otelCode = 1;
        else if (v === 'UNSET') otelCode = 0;
        else break;
        continue;
      case 'otel.status_description':
        otelMessage = v;
        continue;
      case 'otel.scope.name':
        scopeName = v;
        continue;
      case 'otel.scope.version':
        scopeVersion = v;
        continue;
    }
    if (key === '__proto__') {
      // A plain assignment would set the prototype and lose the tag.
      Object.defineProperty(attributes, key, { value: v, enumerable: true, writable: true, configurable: true });
    } else {
      attributes[key] = v;
    }
  }
  if (otelCode >= 0) {
    status.code = otelCode;
    status.message = otelMessage;
  } else if (error !== null) {
    status.code = 2;
    status.message = error;
  } else {
    status.message = otelMessage;
  }
  if (scopeName !== '')
    status.scope = scopeVersion === '' ? { name: scopeName } : { name: scopeName, version: scopeVersion };
  return status;
}

function tagString(value: unknown, path: string, key: string): string {
  if (typeof value === 'string') {
    if (value.length <= LIMITS.maxStringLength) return value;
    throw new FormatError(tagPath(path, key), `string of ${value.length} characters is over the limit`);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new FormatError(tagPath(path, key), `expected a string tag value, got ${describe(value)}`);
}

function tagPath(path: string, key: string): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return `${at(path, 'tags')}[${JSON.stringify(shown)}]`;
}

/** Annotations → events; returns the earliest annotation time, the start of a span that has no timestamp. */
function annotations(value: unknown, path: string, events: SpanEvent[]): bigint | null {
  if (value === undefined || value === null) return null;
  const listPath = at(path, 'annotations');
  if (!Array.isArray(value)) throw new FormatError(listPath, `expected an array, got ${describe(value)}`);
  if (value.length > LIMITS.maxAttributes) {
    throw new FormatError(listPath, `${value.length} annotations is over the ${LIMITS.maxAttributes} limit`);
  }
  let earliest: bigint | null = null;
  for (let i = 0; i < value.length; i++) {
    const itemPath = `${listPath}[${i}]`;
    const a = asObject(value[i], itemPath);
    if (a.endpoint !== undefined) throw v1Error(at(itemPath, 'endpoint'));
    const timeNs = micros(a.timestamp, itemPath, 'timestamp');
    if (earliest === null || timeNs < earliest) earliest = timeNs;
    events.push({ timeNs: timeNs.toString(), name: stringAt(a.value, itemPath, 'value'), attributes: {} });
  }
  return earliest;
}

/** Reading a v1 span as v2 would silently drop its services (they sit on the annotations), so it is refused. */
function v1Error(path: string): FormatError {
  return new FormatError(path, 'this is a Zipkin v1 span (endpoints on annotations); only Zipkin v2 JSON is supported');
}

/** An optional string field ('' when absent); the path is built only for the error. */
function stringAt(value: unknown, path: string, field: string): string {
  if (typeof value === 'string' && value.length <= LIMITS.maxStringLength) return value;
  return optString(value, at(path, field));
}

/** µs → ns. Integral µs within 2^53 are at most ~9.0e18 ns, below MAX_NS, so the common case needs no check. */
function micros(value: unknown, path: string, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value) * 1000n;
  return nsFromMicros(value, at(path, field));
}

/** Zipkin trims leading zeros ("id": "2"); canonicalId pads them back. */
function idAt(raw: unknown, kind: IdKind, path: string, field: string, required: true): string;
function idAt(raw: unknown, kind: IdKind, path: string, field: string, required: false): string | null;
function idAt(raw: unknown, kind: IdKind, path: string, field: string, required: boolean): string | null {
  try {
    return required ? requiredId(raw, kind) : canonicalId(raw, kind);
  } catch (error) {
    if (error instanceof IdError) throw new FormatError(at(path, field), error.message);
    throw error;
  }
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
