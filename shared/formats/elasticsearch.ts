import { canonicalId } from '../ids.js';
import { UNKNOWN_SERVICE, type AttrValue, type Attributes } from '../model.js';
import { FormatError, MAX_NS, type RecordSink } from './records.js';
import { severityNumberOf } from './severity.js';
import { asArray, asObject, describe, isObject, LIMITS, type Json, type JsonObject } from './values.js';

/**
 * Elasticsearch / OpenSearch `_search` answers (FORMATS.md §7) → Casefile log records. A hit's fields are read from
 * `fields` (dotted names → arrays, when requested) and `_source` (nested objects, flat dotted keys, or both). The
 * configured field name is tried first, then the names of the common mappings, so ECS documents (trace.id,
 * log.level, @timestamp), the collector's OTel-native mapping (trace_id, severity_text, resource.attributes) and
 * Elastic APM documents all read without configuration.
 */
export interface SearchFieldNames {
  traceId: string;
  spanId: string;
  service: string;
  level: string;
  timestamp: string;
  message: string;
}

const FALLBACKS: Record<keyof SearchFieldNames, string[]> = {
  traceId: ['trace.id', 'trace_id', 'traceId', 'traceID'],
  spanId: ['span.id', 'span_id', 'spanId', 'spanID'],
  service: ['service.name', 'resource.attributes.service.name', 'resource.service.name', 'serviceName'],
  level: ['log.level', 'severity_text', 'severity.text', 'level', 'log_level'],
  timestamp: ['@timestamp', 'timestamp', 'time'],
  message: ['message', 'body.text', 'body', 'msg', 'error.log.message', 'error.exception.message'],
};
const SEVERITY_NUMBER_FIELDS = ['event.severity', 'severity_number', 'severity.number'];

export interface SearchPage {
  /** Hits on this page. */
  hits: number;
  /** `hits.total` as the engine reported it (a number in ES 6 / rest_total_hits_as_int); null when not tracked. */
  total: { value: number; relation: 'eq' | 'gte' } | null;
  /** The last hit's `sort` values: the `search_after` of the next page. */
  lastSort: Json[] | null;
}

/** One `_search` answer; refuses a timed-out or shard-failed (partial) answer rather than keep part of it. */
export function searchResponse(body: unknown, names: SearchFieldNames, sink: RecordSink): SearchPage {
  if (!isObject(body) || !isObject(body.hits)) {
    const keys = isObject(body) ? Object.keys(body).slice(0, 6).join(', ') || 'none' : describe(body);
    throw new FormatError('', `not an Elasticsearch/OpenSearch _search response (no hits; top-level keys: ${keys})`);
  }
  if (body.timed_out === true) throw new FormatError('timed_out', 'the search timed out on the cluster and answered with partial results; narrow the time range');
  const shards = isObject(body._shards) ? body._shards : {};
  if (typeof shards.failed === 'number' && shards.failed > 0) {
    const failure = asArray(shards.failures, '_shards.failures')[0];
    const reason = isObject(failure) && isObject(failure.reason) ? `${String(failure.reason.type)}: ${String(failure.reason.reason)}` : 'no reason given';
    throw new FormatError('_shards.failed', `${shards.failed} of ${String(shards.total)} shards failed (${reason}); the answer would be partial`);
  }
  const list = asArray(body.hits.hits, 'hits.hits');
  for (let i = 0; i < list.length; i++) searchHit(list[i], `hits.hits[${i}]`, names, sink);
  const last = list.at(-1);
  return { hits: list.length, total: totalOf(body.hits.total), lastSort: isObject(last) && Array.isArray(last.sort) ? last.sort : null };
}

function totalOf(total: unknown): SearchPage['total'] {
  if (typeof total === 'number') return { value: total, relation: 'eq' };
  if (isObject(total) && typeof total.value === 'number') return { value: total.value, relation: total.relation === 'gte' ? 'gte' : 'eq' };
  if (total === undefined || total === null) return null;
  throw new FormatError('hits.total', `expected a number or {value, relation}, got ${describe(total)}`);
}

/** One hit: `{_index, _id, _source?, fields?}`. */
export function searchHit(value: unknown, path: string, names: SearchFieldNames, sink: RecordSink): void {
  const hit = asObject(value, path);
  const source = hit._source === undefined ? {} : asObject(hit._source, `${path}._source`);
  const fields = hit.fields === undefined ? {} : asObject(hit.fields, `${path}.fields`);
  const read = (key: keyof SearchFieldNames): { name: string; value: Json } | null => {
    for (const name of [names[key], ...FALLBACKS[key]]) {
      const found = lookup(fields, source, name);
      if (found !== undefined && found !== null && found !== '') return { name, value: found };
    }
    return null;
  };
  const time = read('timestamp');
  if (time === null) throw new FormatError(path, `the document has no ${names.timestamp} (nor ${FALLBACKS.timestamp.join(', ')}); set the timestamp field of this source`);
  const message = read('message');
  const level = read('level');
  const severityText = typeof level?.value === 'string' ? level.value : '';
  const severityNumber = SEVERITY_NUMBER_FIELDS.map((name) => lookup(fields, source, name)).find((n): n is number => typeof n === 'number' && n >= 1 && n <= 24);
  const resource: Attributes = {};
  const resourceAttrs = lookup({}, source, 'resource.attributes');
  if (isObject(resourceAttrs)) flatten(resourceAttrs, '', resource);
  const service = read('service');
  if (typeof service?.value === 'string') resource['service.name'] = service.value;
  const attributes: Attributes = {};
  if (isObject(hit._source)) flatten(source, '', attributes);
  flattenFields(fields, attributes);
  for (const used of [time.name, message?.name]) if (used !== undefined) delete attributes[used];
  for (const key of Object.keys(attributes)) if (key.startsWith('resource.')) delete attributes[key];
  if (typeof hit._index === 'string') attributes._index = hit._index;
  if (typeof hit._id === 'string') attributes._id = hit._id;
  sink.log({
    timeNs: timeNs(time.value, `${path}.${time.name}`),
    observedNs: null,
    severityNumber: severityNumber ?? severityNumberOf(severityText),
    severityText,
    body: message === null ? '' : typeof message.value === 'string' ? message.value : JSON.stringify(message.value),
    service: typeof service?.value === 'string' ? service.value : UNKNOWN_SERVICE,
    traceId: idOf(read('traceId')?.value, 'trace'),
    spanId: idOf(read('spanId')?.value, 'span'),
    attributes,
    resource,
    scope: null,
  });
}

/** A field by dotted name: `fields[name][0]`, else in `_source` as flat keys, nested objects or any mix of both. */
function lookup(fields: JsonObject, source: JsonObject, name: string): Json | undefined {
  const listed = fields[name];
  if (listed !== undefined) return Array.isArray(listed) ? (listed.length === 1 ? listed[0] : listed) : listed;
  return resolve(source, name.split('.'));
}

function resolve(object: JsonObject, parts: string[]): Json | undefined {
  // Longest dotted prefix first: {"service.name": …} and {"service": {"name": …}} are the same field.
  for (let k = parts.length; k >= 1; k--) {
    const key = parts.slice(0, k).join('.');
    if (!(key in object)) continue;
    let value: Json | undefined = object[key];
    if (k === parts.length) return value;
    if (Array.isArray(value)) value = value[0] ?? null;
    if (isObject(value)) {
      const found = resolve(value, parts.slice(k));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function flatten(object: JsonObject, prefix: string, out: Attributes): void {
  for (const [key, value] of Object.entries(object)) {
    if (Object.keys(out).length >= LIMITS.maxAttributes) return;
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(value)) flatten(value, name, out);
    else out[name] = value as AttrValue;
  }
}

/** `fields` arrays, unwrapped when single; `x.keyword` / `x.text` copies of a field already present are skipped. */
function flattenFields(fields: JsonObject, out: Attributes): void {
  for (const [name, value] of Object.entries(fields)) {
    const base = name.replace(/\.(keyword|text)$/, '');
    if (base !== name && (base in fields || base in out)) continue;
    out[name] = (Array.isArray(value) && value.length === 1 ? value[0] : value) as AttrValue;
  }
}

function idOf(value: unknown, kind: 'trace' | 'span'): string | null {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]+$/.test(value) || value.length > (kind === 'trace' ? 32 : 16)) return null;
  return canonicalId(value, kind);
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d\d:?\d\d)?$/;
const EPOCH_MS = /^(\d{1,16})(?:\.(\d{1,9}))?$/;

/**
 * A date as the engines return it, to exact ns: ISO 8601 with up to nine fractional digits (date_nanos), epoch
 * milliseconds as a number or as a string with a fraction (seen in OTel-native documents).
 */
export function timeNs(value: unknown, path: string): bigint {
  let ns: bigint | null = null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    ns = BigInt(Math.trunc(value)) * 1_000_000n + BigInt(Math.round((value % 1) * 1e6));
  } else if (typeof value === 'string') {
    const iso = ISO.exec(value);
    const epoch = EPOCH_MS.exec(value);
    if (iso !== null) {
      const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = iso;
      const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
      const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000 - offsetMin * 60;
      if (Number.isFinite(seconds)) ns = BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
    } else if (epoch !== null) {
      ns = BigInt(epoch[1]!) * 1_000_000n + BigInt((epoch[2] ?? '').padEnd(6, '0').slice(0, 6));
    }
  }
  if (ns === null || ns < 0n || ns > MAX_NS) throw new FormatError(path, `expected a date (ISO 8601 or epoch milliseconds), got ${describe(value)}`);
  return ns;
}
