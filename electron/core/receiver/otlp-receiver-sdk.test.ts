import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { HrTime } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPage, TraceDetail } from '../../../shared/api-types.js';
import type { Span } from '../../../shared/model.js';
import { sendCheckout, type ExporterChoice } from '../../../test/otel-sdk.js';
import { tempCache } from '../../../test/temp-cache.js';
import { openWriteConnection, type Db } from '../db/open-database.js';
import { listLoads } from '../queries/loads.js';
import { OtlpReceiver } from './otlp-receiver.js';

/**
 * The receiver against the real OpenTelemetry JS SDK: spans and logs go out through the SDK's own OTLP/HTTP exporters
 * (protobuf and JSON, plain and gzip), and come back through the `casefile` command line, field by field.
 */

const CLI = fileURLToPath(new URL('../../../bin/casefile.js', import.meta.url));
const run = promisify(execFile);

async function cli<T>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as T;
}

const ns = ([seconds, nanos]: HrTime) => (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();
/** The SDK numbers kinds from INTERNAL = 0; OTLP (and Casefile) from UNSPECIFIED = 0. */
const KIND = ['internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUS = ['unset', 'ok', 'error'] as const;

/** The span Casefile must show for one the SDK exported. */
function expectedSpan(s: ReadableSpan): Span {
  return {
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? null,
    service: String(s.resource.attributes['service.name']),
    name: s.name,
    kind: KIND[s.kind]!,
    startNs: ns(s.startTime),
    endNs: ns(s.endTime),
    statusCode: STATUS[s.status.code]!,
    statusMessage: s.status.message ?? '',
    attributes: { ...s.attributes } as Span['attributes'],
    resource: { ...s.resource.attributes } as Span['resource'],
    events: s.events.map((e) => ({ timeNs: ns(e.time), name: e.name, attributes: { ...e.attributes } as Span['attributes'] })),
    links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: { ...l.attributes } as Span['attributes'] })),
    scope: { name: s.instrumentationScope.name, version: s.instrumentationScope.version! },
    sourceId: null,
  };
}

function expectedLog(r: ReadableLogRecord) {
  return {
    timeNs: ns(r.hrTime),
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
    service: String(r.resource.attributes['service.name']),
    traceId: r.spanContext?.traceId ?? null,
    spanId: r.spanContext?.spanId ?? null,
    attributes: { ...r.attributes },
    resource: { ...r.resource.attributes },
    sourceId: null,
  };
}

const VARIANTS: [string, ExporterChoice][] = [
  ['protobuf', { protocol: 'proto', gzip: false }],
  ['protobuf + gzip', { protocol: 'proto', gzip: true }],
  ['JSON', { protocol: 'json', gzip: false }],
  ['JSON + gzip', { protocol: 'json', gzip: true }],
];

// Each test starts the SDK's exporters and flushes through the receiver: seconds on a loaded 2-core machine.
describe('OTLP receiver, fed by the OpenTelemetry JS SDK', { timeout: 30_000 }, () => {
  let cache: ReturnType<typeof tempCache>;
  let writeDb: Db;
  let receiver: OtlpReceiver;
  let baseUrl: string;

  beforeAll(async () => {
    cache = tempCache();
    writeDb = openWriteConnection(cache.path);
    receiver = await OtlpReceiver.start(writeDb, { port: 0 });
    baseUrl = `http://127.0.0.1:${receiver.port}`;
  });
  afterAll(async () => {
    await receiver.stop();
    writeDb.close();
    cache.dispose();
  });

  it.each(VARIANTS)('stores what the %s exporters send, read back through the command line', async (label, choice) => {
    const service = `checkout (${label})`;
    const sent = await sendCheckout(baseUrl, choice, service, 1_760_000_000 + VARIANTS.findIndex(([l]) => l === label) * 100);
    expect(sent.spans).toHaveLength(6);
    expect(sent.logs).toHaveLength(2);

    const traceIds = [...new Set(sent.spans.map((s) => s.spanContext().traceId))];
    expect(traceIds).toHaveLength(2);
    const [checkoutTrace, ...details] = await Promise.all([
      cli<LogPage>(['logs', '--trace', traceIds[0]!, '--json', '--db', cache.path]),
      ...traceIds.map((id) => cli<TraceDetail>(['trace', id, '--json', '--db', cache.path])),
    ]);
    const stored = details.flatMap((d) => d.spans);
    expect(stored).toHaveLength(sent.spans.length);
    for (const span of sent.spans) {
      const got = stored.find((s) => s.spanId === span.spanContext().spanId);
      expect(got, `span ${span.name}`).toEqual(expectedSpan(span));
    }
    // The exception the SDK recorded is an event with its type, message and stack.
    const charge = stored.find((s) => s.name === 'PaymentService/Charge')!;
    expect(charge.events.map((e) => e.name)).toEqual(['retry', 'exception']);
    expect(charge.events[1]!.attributes['exception.message']).toBe('card declined');

    const logs = checkoutTrace!.logs;
    expect(logs).toHaveLength(2);
    for (const record of sent.logs) {
      const got = logs.find((l) => l.timeNs === ns(record.hrTime));
      expect(got, `log ${String(record.severityText)}`).toMatchObject(expectedLog(record));
    }
  });

  it('keeps one ledger row for the session, with what it received', () => {
    const loads = listLoads(cache.db, 10).filter((l) => l.kind === 'receive');
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ target: `OTLP receiver 127.0.0.1:${receiver.port}`, status: 'running', spansSeen: 24, spansAdded: 24, logsSeen: 8, logsAdded: 8 });
    expect(receiver.counters).toMatchObject({ spans: 24, logs: 8, rejectedRequests: 0 });
  });
});
