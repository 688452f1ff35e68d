import { canonicalId } from '../ids.js';
import { UNKNOWN_SERVICE, type Attributes } from '../model.js';
import type { LokiDerivedField } from '../sources.js';
import { FormatError, type RecordSink } from './records.js';
import { severityInLine, severityNumberOf } from './severity.js';
import { asArray, asObject, checkedString, describe, isObject, nsFrom, type JsonObject } from './values.js';

/**
 * Loki's query answers (FORMATS.md §6) → Casefile log records. A `streams` result holds, per label set, entries
 * `[ts_ns_string, line]` or `[ts, line, metadata]`: the metadata is `{structuredMetadata, parsed}` when the query
 * asked for categorised labels, or (Loki 2.9+ without that flag) the structured metadata map itself.
 *
 * Loki has no trace fields: ids come from derived fields, as Grafana's Loki data source finds them — a structured
 * metadata key, a stream label, a field of a JSON line, or a regex with one capture group over the line — tried in
 * order, first valid id wins. Stream labels are the record's resource (they are what OTLP resource attributes
 * become in Loki); structured metadata and parsed labels are its attributes.
 */
export interface LokiParseOptions {
  derivedFields: readonly LokiDerivedField[];
  /** Labels naming the service, first present wins (service_name is what Loki derives from OTLP). */
  serviceLabels: readonly string[];
}

const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'severity_text', 'lvl', 'loglevel'];

export interface LokiParser {
  /** A whole query_range / query answer; returns Loki's warnings. A metric (matrix/vector) answer is refused. */
  response(body: unknown, sink: RecordSink): { warnings: string[] };
  /** A `streams` list (`data.result` of a query, `streams` of a tail frame). */
  streams(result: unknown, path: string, sink: RecordSink): void;
}

type Labels = Record<string, string>;

interface Entry {
  stream: Labels;
  metadata: Labels;
  parsed: Labels;
  line: string;
  json: JsonObject | null | undefined;
}

const TRACE_HEX = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/;
const SPAN_HEX = /^[0-9a-fA-F]{16}$/;

export function createLokiParser(options: LokiParseOptions): LokiParser {
  const fields = options.derivedFields.map((field) => ({ ...field, regex: field.from === 'regex' ? new RegExp(field.key) : null }));

  function derived(entry: Entry, target: 'traceId' | 'spanId'): string | null {
    const valid = target === 'traceId' ? TRACE_HEX : SPAN_HEX;
    for (const field of fields) {
      if (field.target !== target) continue;
      let value: unknown;
      if (field.from === 'metadata') value = entry.metadata[field.key] ?? entry.parsed[field.key];
      else if (field.from === 'label') value = entry.stream[field.key];
      else if (field.from === 'json') value = jsonField(entry, field.key);
      else value = field.regex!.exec(entry.line)?.[1];
      if (typeof value === 'string' && valid.test(value)) {
        const id = canonicalId(value, target === 'traceId' ? 'trace' : 'span');
        if (id !== null) return id;
      }
    }
    return null;
  }

  function entry(raw: unknown, path: string, stream: Labels, sink: RecordSink): void {
    if (!Array.isArray(raw) || raw.length < 2 || raw.length > 3) {
      throw new FormatError(path, `expected [timestamp, line] or [timestamp, line, metadata], got ${describe(raw)}`);
    }
    // Loki writes entry times as ns strings; a number is a matrix sample's float seconds or a foreign shape.
    if (typeof raw[0] !== 'string') throw new FormatError(`${path}[0]`, `expected nanoseconds since the epoch as a string, got ${describe(raw[0])}`);
    const timeNs = nsFrom(raw[0], `${path}[0]`);
    if (typeof raw[1] !== 'string') throw new FormatError(`${path}[1]`, `expected the log line as a string, got ${describe(raw[1])}`);
    const line = checkedString(raw[1], `${path}[1]`);
    let metadata: Labels = {};
    let parsed: Labels = {};
    if (raw.length === 3) {
      const extra = asObject(raw[2], `${path}[2]`);
      if (isObject(extra.structuredMetadata) || isObject(extra.parsed)) {
        metadata = labels(extra.structuredMetadata, `${path}[2].structuredMetadata`);
        parsed = labels(extra.parsed, `${path}[2].parsed`);
      } else {
        metadata = labels(extra, `${path}[2]`);
      }
    }
    const e: Entry = { stream, metadata, parsed, line, json: undefined };
    const severityText = levelOf(e);
    sink.log({
      timeNs,
      observedNs: null,
      severityNumber: severityText === '' ? 0 : severityNumberOf(severityText),
      severityText,
      body: line,
      service: firstLabel(e, options.serviceLabels) ?? UNKNOWN_SERVICE,
      traceId: derived(e, 'traceId'),
      spanId: derived(e, 'spanId'),
      attributes: { ...metadata, ...parsed } as Attributes,
      resource: stream,
      scope: null,
    });
  }

  function streams(result: unknown, path: string, sink: RecordSink): void {
    const list = asArray(result, path);
    for (let s = 0; s < list.length; s++) {
      const streamPath = `${path}[${s}]`;
      const item = asObject(list[s], streamPath);
      const stream = labels(item.stream, `${streamPath}.stream`);
      const values = asArray(item.values, `${streamPath}.values`);
      for (let i = 0; i < values.length; i++) entry(values[i], `${streamPath}.values[${i}]`, stream, sink);
    }
  }

  return {
    streams,
    response(body, sink) {
      if (!isObject(body) || !('status' in body) || !('data' in body)) {
        const keys = isObject(body) ? Object.keys(body).slice(0, 6).join(', ') || 'none' : describe(body);
        throw new FormatError('', `not a Loki query response (expected status and data; top-level keys: ${keys})`);
      }
      if (body.status !== 'success') throw new FormatError('status', `Loki answered status ${describe(body.status)}: ${describe(body.error)}`);
      const data = asObject(body.data, 'data');
      const type = data.resultType;
      if (type === 'matrix' || type === 'vector' || type === 'scalar') {
        throw new FormatError('data.resultType', `"${type}" is the answer to a metric query; Casefile stores log lines: ask a log query (a stream selector and filters, without rate(), count_over_time() …)`);
      }
      if (type !== 'streams') throw new FormatError('data.resultType', `expected "streams", got ${describe(type)}`);
      streams(data.result, 'data.result', sink);
      const warnings = asArray(body.warnings, 'warnings').map((w) => String(w));
      return { warnings };
    },
  };
}

function labels(value: unknown, path: string): Labels {
  if (value === undefined || value === null) return {};
  const object = asObject(value, path);
  const out: Labels = {};
  for (const [key, v] of Object.entries(object)) {
    if (typeof v !== 'string') throw new FormatError(`${path}.${key}`, `expected a label value string, got ${describe(v)}`);
    out[key] = v;
  }
  return out;
}

function firstLabel(entry: Entry, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = entry.stream[key] ?? entry.metadata[key] ?? entry.parsed[key];
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

function levelOf(entry: Entry): string {
  const labelled = firstLabel(entry, LEVEL_LABELS);
  if (labelled !== null && labelled !== 'unknown') return labelled;
  for (const key of ['level', 'severity', 'lvl', 'log.level']) {
    const value = jsonField(entry, key);
    if (typeof value === 'string' && severityNumberOf(value) > 0) return value;
  }
  return severityInLine(entry.line) ?? '';
}

/** A field of a JSON log line: the key as a flat name first ("trace.id"), then as a dotted path. Parsed once. */
function jsonField(entry: Entry, key: string): unknown {
  if (entry.json === undefined) {
    entry.json = null;
    if (entry.line.trimStart().startsWith('{')) {
      try {
        const value: unknown = JSON.parse(entry.line);
        if (isObject(value)) entry.json = value;
      } catch {
        // Not JSON after all: the line is still kept as it is.
      }
    }
  }
  if (entry.json === null) return undefined;
  if (key in entry.json) return entry.json[key];
  let value: unknown = entry.json;
  for (const part of key.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[part];
  }
  return value;
}
