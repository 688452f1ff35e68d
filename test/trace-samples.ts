import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jaegerTrace } from '../shared/formats/jaeger.js';
import type { SpanRecord } from '../shared/formats/records.js';
import { SPAN_KINDS, STATUS_CODES, type Span, type SpanKind } from '../shared/model.js';
import { UPSTREAM } from './temp-cache.js';

/** Spans of an upstream Jaeger v1 sample, read by the real parser, as the API would return them. */
export function jaegerSampleSpans(file: string): Span[] {
  const json = JSON.parse(readFileSync(join(UPSTREAM, 'jaeger-v1-http', file), 'utf8')) as { data?: unknown[] };
  const records: SpanRecord[] = [];
  const sink = { span: (record: SpanRecord) => records.push(record), log: () => undefined };
  if (Array.isArray(json.data)) json.data.forEach((trace, i) => jaegerTrace(trace, `data[${i}]`, sink));
  else jaegerTrace(json, '', sink);
  return records.map(recordToSpan);
}

export function recordToSpan(record: SpanRecord): Span {
  return {
    traceId: record.traceId,
    spanId: record.spanId,
    parentSpanId: record.parentSpanId,
    service: record.service,
    name: record.name,
    kind: SPAN_KINDS[record.kind] ?? 'unspecified',
    startNs: record.startNs.toString(),
    endNs: record.endNs.toString(),
    statusCode: STATUS_CODES[record.statusCode] ?? 'unset',
    statusMessage: record.statusMessage,
    attributes: record.attributes,
    resource: record.resource,
    events: record.events,
    links: record.links,
    scope: record.scope,
    sourceId: null,
  };
}

/** A hand-built span; times in µs from an arbitrary epoch-ns base, so tests read in small numbers. */
export function span(
  spanId: string,
  parentSpanId: string | null,
  startUs: number,
  endUs: number,
  extra: { service?: string; kind?: SpanKind; host?: string; error?: boolean; name?: string; links?: Span['links'] } = {},
): Span {
  const base = 1_700_000_000_000_000_000n;
  const service = extra.service ?? 'svc';
  return {
    traceId: 'a'.repeat(32),
    spanId,
    parentSpanId,
    service,
    name: extra.name ?? `op-${spanId}`,
    kind: extra.kind ?? 'internal',
    startNs: (base + BigInt(startUs) * 1000n).toString(),
    endNs: (base + BigInt(endUs) * 1000n).toString(),
    statusCode: extra.error === true ? 'error' : 'unset',
    statusMessage: '',
    attributes: {},
    resource: extra.host === undefined ? { 'service.name': service } : { 'service.name': service, 'host.name': extra.host },
    events: [],
    links: extra.links ?? [],
    scope: null,
    sourceId: null,
  };
}
