import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes one Jaeger trace of `spans` spans as `/api/traces/{id}` answers it and Jaeger UI downloads it:
 * `{"data": [{"traceID", "spans": [...], "processes": {...}, "warnings": null}]}`, processes after the spans as
 * Jaeger's Go model marshals them. Streamed to disk, so a 1 GB file costs no memory. Spans are ~500 bytes with
 * CHILD_OF references, tags, and a log on every 50th span; eight processes. Deterministic.
 */
export interface JaegerTraceFile {
  traceId: string;
  spans: number;
  services: string[];
}

const SERVICES = ['frontend', 'checkout', 'cart', 'catalog', 'pricing', 'inventory', 'shipping', 'payment'];
const START_US = 1_763_600_000_000_000;

export function writeJaegerTraceFile(path: string, spans: number, options: { processesFirst?: boolean } = {}): JaegerTraceFile {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const processes = JSON.stringify(
    Object.fromEntries(
      SERVICES.map((service, i) => [
        `p${i + 1}`,
        { serviceName: service, tags: [{ key: 'host.name', type: 'string', value: `${service}-0` }, { key: 'ip', type: 'string', value: `10.0.0.${i + 1}` }] },
      ]),
    ),
  );
  const fd = openSync(path, 'w');
  let buffer = `{"data":[{"traceID":"${traceId}",${options.processesFirst === true ? `"processes":${processes},` : ''}"spans":[`;
  for (let i = 0; i < spans; i++) {
    const spanId = (i + 1).toString(16).padStart(16, '0');
    // A tree of fan-out 8: span i's parent is span floor((i - 1) / 8).
    const parent = i === 0 ? null : (Math.floor((i - 1) / 8) + 1).toString(16).padStart(16, '0');
    const service = i === 0 ? 0 : (i * 7) % SERVICES.length;
    const span = {
      traceID: traceId,
      spanID: spanId,
      flags: 1,
      operationName: i === 0 ? 'GET /checkout' : `op-${i % 40}`,
      references: parent === null ? [] : [{ refType: 'CHILD_OF', traceID: traceId, spanID: parent }],
      startTime: START_US + i * 3,
      duration: i === 0 ? spans * 3 + 1000 : 40 + (i % 97),
      tags: [
        { key: 'span.kind', type: 'string', value: i % 3 === 0 ? 'server' : 'client' },
        { key: 'http.status_code', type: 'int64', value: i % 101 === 0 ? 500 : 200 },
        { key: 'component', type: 'string', value: 'net/http' },
        ...(i % 101 === 0 ? [{ key: 'error', type: 'bool', value: true }] : []),
      ],
      logs: i % 50 === 0 ? [{ timestamp: START_US + i * 3 + 1, fields: [{ key: 'event', type: 'string', value: 'retry' }] }] : [],
      processID: `p${service + 1}`,
      warnings: null,
    };
    buffer += (i === 0 ? '' : ',') + JSON.stringify(span);
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  buffer += `]${options.processesFirst === true ? '' : `,"processes":${processes}`},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}`;
  writeSync(fd, buffer);
  closeSync(fd);
  return { traceId, spans, services: SERVICES };
}
