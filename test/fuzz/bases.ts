import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPSTREAM } from '../temp-cache.js';
import type { Rng } from './rng.js';

/**
 * Valid documents the fuzzer mutates: some generated (varied ids, times, attribute types, events, links), some
 * real upstream samples vendored in fixtures/upstream. Mutating valid input reaches deep into the parsers; random
 * bytes would mostly stop at the first brace.
 */
export const FORMATS = ['otlp-traces', 'otlp-logs', 'jaeger', 'zipkin'] as const;
export type FuzzFormat = (typeof FORMATS)[number];

const SAMPLES: Record<FuzzFormat, string[]> = {
  'otlp-traces': [
    'otlp-json/otel-proto__examples_trace.json',
    'otlp-json/data-prepper__test-request_base64-ids-enum-strings.json',
    'otlp-json/jaeger__integration_example_trace.json',
  ],
  'otlp-logs': [
    'otlp-json/otel-proto__examples_logs.json',
    'otlp-json/data-prepper__test-request-multiple-logs.json',
    'otlp-json/otel-rust__integration-expected_logs.json',
  ],
  jaeger: [
    'jaeger-v1-http/jaeger-ui__happyTrace_non-hex-ids.json',
    'jaeger-v1-http/jaeger-ui__issue115_follows-from_envelope.json',
    'jaeger-v1-http/jaeger__anonymizer-uiconv_span-array-inline-process.json',
  ],
  zipkin: [
    'zipkin-v2/zipkin-lens__messaging.json',
    'zipkin-v2/jaeger__zipkin_v2_01_short-ids-debug-shared.json',
    'zipkin-v2/zipkin__benchmarks_zipkin2-chinese_unicode.json',
  ],
};

const loaded = new Map<string, unknown>();

function sample(file: string): unknown {
  if (!loaded.has(file)) loaded.set(file, JSON.parse(readFileSync(join(UPSTREAM, file), 'utf8')));
  // A deep copy: mutations change the document in place.
  return structuredClone(loaded.get(file));
}

/** A valid document of `format`: an upstream sample one time in four, else a generated one. */
export function baseDocument(format: FuzzFormat, rng: Rng): unknown {
  if (rng.chance(0.25)) return sample(rng.pick(SAMPLES[format]));
  switch (format) {
    case 'otlp-traces':
      return { resourceSpans: list(rng, 1, 3, () => otlpBatch(rng, 'scopeSpans', 'spans', () => otlpSpan(rng))) };
    case 'otlp-logs':
      return { resourceLogs: list(rng, 1, 3, () => otlpBatch(rng, 'scopeLogs', 'logRecords', () => otlpLog(rng))) };
    case 'jaeger':
      return jaegerDocument(rng);
    case 'zipkin':
      return list(rng, 1, 8, () => zipkinSpan(rng));
  }
}

function list<T>(rng: Rng, min: number, max: number, make: () => T): T[] {
  return Array.from({ length: rng.int(min, max) }, make);
}

const SERVICES = ['frontend', 'cart', 'checkout', 'payments', '订单服务', 'ads'];
const START_US = 1_700_000_000_000_000;

function startNs(rng: Rng): string {
  return `${BigInt(START_US + rng.int(0, 3_600_000_000)) * 1000n + BigInt(rng.int(0, 999))}`;
}

function anyValue(rng: Rng): Record<string, unknown> {
  switch (rng.int(0, 5)) {
    case 0:
      return { stringValue: rng.pick(['GET /cart', 'timeout after 3s', '', 'ünïcødé ✓']) };
    case 1:
      return { intValue: rng.pick([`${rng.int(0, 1e6)}`, '9223372036854775807', rng.int(-5, 5)]) };
    case 2:
      return { doubleValue: rng.next() * 100 };
    case 3:
      return { boolValue: rng.chance(0.5) };
    case 4:
      return { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } };
    default:
      return { kvlistValue: { values: [{ key: 'inner', value: { stringValue: 'v' } }] } };
  }
}

function attributes(rng: Rng): { key: string; value: unknown }[] {
  return list(rng, 0, 4, () => ({ key: rng.pick(['http.method', 'db.statement', 'error', 'peer.service', 'k']), value: anyValue(rng) }));
}

function otlpBatch(rng: Rng, scopedKey: string, itemsKey: string, item: () => unknown): unknown {
  return {
    resource: { attributes: [{ key: 'service.name', value: { stringValue: rng.pick(SERVICES) } }, ...attributes(rng)] },
    [scopedKey]: list(rng, 1, 2, () => ({ scope: { name: 'fuzz', version: '1.0' }, [itemsKey]: list(rng, 1, 6, item) })),
  };
}

function otlpSpan(rng: Rng): unknown {
  const start = startNs(rng);
  return {
    traceId: rng.hex(32),
    spanId: rng.hex(16),
    ...(rng.chance(0.6) ? { parentSpanId: rng.hex(16) } : {}),
    name: rng.pick(['GET /cart', 'SELECT', 'publish', 'charge']),
    kind: rng.pick([1, 2, 3, 'SPAN_KIND_CLIENT']),
    startTimeUnixNano: start,
    endTimeUnixNano: `${BigInt(start) + BigInt(rng.int(0, 5e9))}`,
    attributes: attributes(rng),
    events: list(rng, 0, 2, () => ({ timeUnixNano: start, name: 'retry', attributes: attributes(rng) })),
    links: list(rng, 0, 1, () => ({ traceId: rng.hex(32), spanId: rng.hex(16) })),
    status: rng.pick([{}, { code: 2, message: 'boom' }, { code: 'STATUS_CODE_OK' }]),
  };
}

function otlpLog(rng: Rng): unknown {
  return {
    timeUnixNano: startNs(rng),
    observedTimeUnixNano: startNs(rng),
    severityNumber: rng.int(1, 24),
    severityText: rng.pick(['INFO', 'ERROR', 'WARN']),
    body: rng.chance(0.8) ? { stringValue: rng.pick(['payment failed', 'retrying cart', 'connected to db']) } : anyValue(rng),
    attributes: attributes(rng),
    ...(rng.chance(0.5) ? { traceId: rng.hex(32), spanId: rng.hex(16) } : {}),
  };
}

function jaegerTag(rng: Rng): unknown {
  return rng.pick([
    { key: 'span.kind', type: 'string', value: rng.pick(['server', 'client']) },
    { key: 'error', type: 'bool', value: true },
    { key: 'http.status_code', type: 'int64', value: rng.int(200, 504) },
    { key: 'ratio', type: 'float64', value: rng.next() },
  ]);
}

function jaegerDocument(rng: Rng): unknown {
  const traceID = rng.hex(rng.pick([16, 32]));
  const spans = list(rng, 1, 8, () => ({
    traceID,
    spanID: rng.hex(16),
    operationName: rng.pick(['HTTP GET', 'redis GET', 'charge']),
    references: rng.chance(0.6) ? [{ refType: rng.pick(['CHILD_OF', 'FOLLOWS_FROM']), traceID, spanID: rng.hex(16) }] : [],
    startTime: START_US + rng.int(0, 3_600_000_000),
    duration: rng.int(0, 5_000_000),
    tags: list(rng, 0, 3, () => jaegerTag(rng)),
    logs: list(rng, 0, 2, () => ({ timestamp: START_US, fields: [{ key: 'event', type: 'string', value: 'retry' }] })),
    processID: 'p1',
  }));
  const trace = { traceID, spans, processes: { p1: { serviceName: rng.pick(SERVICES), tags: [jaegerTag(rng)] } } };
  return rng.chance(0.7) ? { data: [trace], total: 0, limit: 0, offset: 0, errors: null } : trace;
}

function zipkinSpan(rng: Rng): unknown {
  return {
    traceId: rng.hex(rng.pick([16, 32])),
    id: rng.hex(16),
    ...(rng.chance(0.6) ? { parentId: rng.hex(16) } : {}),
    name: rng.pick(['get /cart', 'query', 'send']),
    kind: rng.pick(['SERVER', 'CLIENT', 'PRODUCER', undefined]),
    timestamp: START_US + rng.int(0, 3_600_000_000),
    duration: rng.int(1, 5_000_000),
    localEndpoint: { serviceName: rng.pick(SERVICES), ipv4: '10.0.0.1', port: 8080 },
    ...(rng.chance(0.5) ? { remoteEndpoint: { serviceName: 'db', ipv6: '::1' } } : {}),
    annotations: list(rng, 0, 2, () => ({ timestamp: START_US, value: 'ws' })),
    tags: { 'http.path': '/cart', ...(rng.chance(0.3) ? { error: 'boom' } : {}) },
  };
}
