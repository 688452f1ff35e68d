import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { spanExporter, type Protocol } from '../test/otel-sdk.js';

/**
 * The sending side of `npm run bench -- receiver`, in its own process so it does not take the receiver's thread.
 * It records one request's worth of spans with the real SDK (a 10-span trace shape, repeated), then sends batches
 * through the SDK's own OTLP exporter's export(): each batch is the recorded spans with fresh trace and span ids, so
 * every span is new to the cache. Prints one JSON line: spans sent, seconds, and per-request latencies.
 */
const [baseUrl, protocol, totalText, batchText, concurrencyText] = process.argv.slice(2) as [string, Protocol, string, string, string];
const total = Number(totalText);
const batchSize = Number(batchText);
const concurrency = Number(concurrencyText);

function recordTemplate(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '2.1.0', 'host.name': 'bench-1' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  const start = Date.now();
  while (memory.getFinishedSpans().length < batchSize) {
    const root = tracer.startSpan('POST /api/checkout', {
      kind: SpanKind.SERVER,
      startTime: start,
      attributes: { 'http.request.method': 'POST', 'http.route': '/api/checkout', 'http.response.status_code': 200, 'user_agent.original': 'bench/1.0' },
    });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 0; i < 9; i++) {
      const child = tracer.startSpan(
        i % 3 === 0 ? 'SELECT shop.orders' : `CartService/Call${i}`,
        { kind: SpanKind.CLIENT, startTime: start + i, attributes: { 'db.system.name': 'postgresql', 'server.address': 'db-1', 'net.peer.port': 5432, 'call.index': i } },
        ctx,
      );
      if (i === 4) child.addEvent('retry', { attempt: 1 }, start + i);
      if (i === 8) child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
      child.end(start + i + 2);
    }
    root.end(start + 20);
  }
  return memory.getFinishedSpans().slice(0, batchSize);
}

/** The template with new ids: same shape and sizes, but spans the cache has not seen. */
function freshBatch(template: ReadableSpan[]): ReadableSpan[] {
  const traceIds = new Map<string, string>();
  const spanIds = new Map<string, string>();
  const newTrace = (id: string) => traceIds.get(id) ?? (traceIds.set(id, randomBytes(16).toString('hex')), traceIds.get(id)!);
  const newSpan = (id: string) => spanIds.get(id) ?? (spanIds.set(id, randomBytes(8).toString('hex')), spanIds.get(id)!);
  return template.map((span) => {
    const context = { ...span.spanContext(), traceId: newTrace(span.spanContext().traceId), spanId: newSpan(span.spanContext().spanId) };
    const parent = span.parentSpanContext;
    return {
      ...span,
      spanContext: () => context,
      parentSpanContext: parent === undefined ? undefined : { ...parent, traceId: context.traceId, spanId: newSpan(parent.spanId) },
    };
  });
}

const template = recordTemplate();
const exporter = spanExporter(baseUrl, { protocol, gzip: false });
const batches = Math.ceil(total / batchSize);
const latencies: number[] = [];
let sent = 0;
let failed = 0;

function exportOne(batch: ReadableSpan[]): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) =>
    exporter.export(batch, (result: { code: number }) => {
      latencies.push(performance.now() - started);
      // ExportResultCode.SUCCESS (@opentelemetry/core) is 0.
      if (result.code === 0) sent += batch.length;
      else failed++;
      resolve();
    }),
  );
}

// Untimed warm-up: one request, so connection setup and JIT are not in the figures.
await exportOne(freshBatch(template));
latencies.length = 0;
sent = 0;
const prepared = Array.from({ length: batches }, () => freshBatch(template));
let next = 0;
// The parent measures its own CPU between this line and the result line.
process.stdout.write('timed\n');
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < prepared.length) await exportOne(prepared[next++]!);
  }),
);
const seconds = (performance.now() - started) / 1000;
await exporter.shutdown();
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({ sent, failed, seconds, latencies, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
