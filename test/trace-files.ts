import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes one trace of `spans` spans to a file, streamed (a 1 GB file costs no memory), in the format a backend
 * exports it: Jaeger `/api/traces/{id}` (processes after the spans, as Jaeger's Go model marshals them), OTLP/JSON
 * (one ResourceSpans per service, resource before its spans, as the protobuf field order puts it) or Zipkin v2 (a
 * bare array of spans). The same tree in each: fan-out 8, eight services, ~1% errors, a log/event on every 50th
 * span, ~450–500 bytes a span. Deterministic.
 */
export type TraceFileFormat = 'jaeger' | 'otlp' | 'zipkin';

export interface TraceFile {
  traceId: string;
  spans: number;
  services: string[];
}

const SERVICES = ['frontend', 'checkout', 'cart', 'catalog', 'pricing', 'inventory', 'shipping', 'payment'];
const START_US = 1_763_600_000_000_000;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

interface SpanShape {
  spanId: string;
  parentId: string | null;
  service: number;
  name: string;
  startUs: number;
  durationUs: number;
  server: boolean;
  error: boolean;
  logged: boolean;
}

function shape(i: number, spans: number): SpanShape {
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  return {
    spanId: hex(i + 1),
    // A tree of fan-out 8: span i's parent is span floor((i - 1) / 8).
    parentId: i === 0 ? null : hex(Math.floor((i - 1) / 8) + 1),
    service: i === 0 ? 0 : (i * 7) % SERVICES.length,
    name: i === 0 ? 'GET /checkout' : `op-${i % 40}`,
    startUs: START_US + i * 3,
    durationUs: i === 0 ? spans * 3 + 1000 : 40 + (i % 97),
    server: i % 3 === 0,
    error: i % 101 === 0,
    logged: i % 50 === 0,
  };
}

const PROCESSES = Object.fromEntries(
  SERVICES.map((service, i) => [
    `p${i + 1}`,
    { serviceName: service, tags: [{ key: 'host.name', type: 'string', value: `${service}-0` }, { key: 'ip', type: 'string', value: `10.0.0.${i + 1}` }] },
  ]),
);

function jaegerSpan(s: SpanShape, traceId: string): unknown {
  return {
    traceID: traceId,
    spanID: s.spanId,
    flags: 1,
    operationName: s.name,
    references: s.parentId === null ? [] : [{ refType: 'CHILD_OF', traceID: traceId, spanID: s.parentId }],
    startTime: s.startUs,
    duration: s.durationUs,
    tags: [
      { key: 'span.kind', type: 'string', value: s.server ? 'server' : 'client' },
      { key: 'http.status_code', type: 'int64', value: s.error ? 500 : 200 },
      { key: 'component', type: 'string', value: 'net/http' },
      ...(s.error ? [{ key: 'error', type: 'bool', value: true }] : []),
    ],
    logs: s.logged ? [{ timestamp: s.startUs + 1, fields: [{ key: 'event', type: 'string', value: 'retry' }] }] : [],
    processID: `p${s.service + 1}`,
    warnings: null,
  };
}

function otlpSpan(s: SpanShape, traceId: string): unknown {
  return {
    traceId,
    spanId: s.spanId,
    ...(s.parentId === null ? {} : { parentSpanId: s.parentId }),
    name: s.name,
    kind: s.server ? 2 : 3,
    startTimeUnixNano: `${s.startUs}000`,
    endTimeUnixNano: `${s.startUs + s.durationUs}000`,
    attributes: [
      { key: 'http.status_code', value: { intValue: s.error ? '500' : '200' } },
      { key: 'component', value: { stringValue: 'net/http' } },
    ],
    events: s.logged ? [{ timeUnixNano: `${s.startUs + 1}000`, name: 'retry', attributes: [] }] : [],
    status: s.error ? { code: 2 } : {},
  };
}

function zipkinSpan(s: SpanShape, traceId: string): unknown {
  return {
    traceId,
    id: s.spanId,
    ...(s.parentId === null ? {} : { parentId: s.parentId }),
    kind: s.server ? 'SERVER' : 'CLIENT',
    name: s.name,
    timestamp: s.startUs,
    duration: s.durationUs,
    localEndpoint: { serviceName: SERVICES[s.service], ipv4: `10.0.0.${s.service + 1}` },
    tags: { 'http.status_code': s.error ? '500' : '200', component: 'net/http', ...(s.error ? { error: 'true' } : {}) },
    ...(s.logged ? { annotations: [{ timestamp: s.startUs + 1, value: 'retry' }] } : {}),
  };
}

export function writeTraceFile(
  path: string,
  spans: number,
  format: TraceFileFormat,
  options: { processesFirst?: boolean; /** 32 hex digits; every file has the same trace id otherwise. */ traceId?: string } = {},
): TraceFile {
  const traceId = options.traceId ?? TRACE_ID;
  const fd = openSync(path, 'w');
  let buffer = '';
  const out = (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  const processes = JSON.stringify(PROCESSES);
  if (format === 'jaeger') {
    out(`{"data":[{"traceID":"${traceId}",${options.processesFirst === true ? `"processes":${processes},` : ''}"spans":[`);
    for (let i = 0; i < spans; i++) out((i === 0 ? '' : ',') + JSON.stringify(jaegerSpan(shape(i, spans), traceId)));
    out(`]${options.processesFirst === true ? '' : `,"processes":${processes}`},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}`);
  } else if (format === 'zipkin') {
    out('[');
    for (let i = 0; i < spans; i++) out((i === 0 ? '' : ',') + JSON.stringify(zipkinSpan(shape(i, spans), traceId)));
    out(']');
  } else {
    // One ResourceSpans per service, each holding that service's spans.
    out('{"resourceSpans":[');
    for (let service = 0; service < SERVICES.length; service++) {
      const resource = { attributes: [{ key: 'service.name', value: { stringValue: SERVICES[service] } }, { key: 'host.name', value: { stringValue: `${SERVICES[service]}-0` } }] };
      out(`${service === 0 ? '' : ','}{"resource":${JSON.stringify(resource)},"scopeSpans":[{"scope":{"name":"bench"},"spans":[`);
      let first = true;
      for (let i = 0; i < spans; i++) {
        const s = shape(i, spans);
        if (s.service !== service) continue;
        out((first ? '' : ',') + JSON.stringify(otlpSpan(s, traceId)));
        first = false;
      }
      out(']}]}');
    }
    out(']}');
  }
  writeSync(fd, buffer);
  closeSync(fd);
  return { traceId, spans, services: SERVICES };
}
