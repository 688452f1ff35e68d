import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';

/** Drives the real OpenTelemetry JS SDK and its OTLP/HTTP exporters, for receiver tests and the benchmark. */

export type Protocol = 'proto' | 'json';

export interface ExporterChoice {
  protocol: Protocol;
  gzip: boolean;
}

export function spanExporter(baseUrl: string, { protocol, gzip }: ExporterChoice): SpanExporter {
  const config = { url: `${baseUrl}/v1/traces`, compression: gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE };
  return protocol === 'proto' ? new ProtoTraceExporter(config) : new JsonTraceExporter(config);
}

export function logExporter(baseUrl: string, { protocol, gzip }: ExporterChoice): LogRecordExporter {
  const config = { url: `${baseUrl}/v1/logs`, compression: gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE };
  return protocol === 'proto' ? new ProtoLogExporter(config) : new JsonLogExporter(config);
}

/** What the SDK sent, as its own exporters were handed it. */
export interface SentTelemetry {
  spans: ReadableSpan[];
  logs: ReadableLogRecord[];
}

/** An exact time `offsetNs` after a fixed instant, as the SDK takes it ([seconds, nanoseconds]). */
function at(baseSeconds: number, offsetNs: number): HrTime {
  return [baseSeconds + Math.floor(offsetNs / 1e9), offsetNs % 1e9];
}

/**
 * A checkout request as a service instrumented with the SDK would record it: a SERVER root with typed attributes, a
 * failing CLIENT call with events and a recorded exception, a database call, a PRODUCER, and a CONSUMER in another
 * trace linking back to it; plus logs carrying the trace context of the span they were written in.
 */
export async function sendCheckout(baseUrl: string, choice: ExporterChoice, service: string, baseSeconds: number): Promise<SentTelemetry> {
  const resource = resourceFromAttributes({
    'service.name': service,
    'service.version': '1.4.2',
    'deployment.environment.name': 'test',
    'process.pid': 4242,
  });
  const sentSpans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: sentSpans }),
      new BatchSpanProcessor({ exporter: spanExporter(baseUrl, choice), scheduledDelayMillis: 20 }),
    ],
  });
  const sentLogs = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new SimpleLogRecordProcessor({ exporter: sentLogs }),
      new BatchLogRecordProcessor({ exporter: logExporter(baseUrl, choice), scheduledDelayMillis: 20 }),
    ],
  });
  const tracer = tracerProvider.getTracer('casefile-receiver-test', '0.1.0');
  const logger = loggerProvider.getLogger('casefile-receiver-test', '0.1.0');
  const t = (offsetNs: number) => at(baseSeconds, offsetNs);

  const root = tracer.startSpan('POST /checkout', {
    kind: SpanKind.SERVER,
    startTime: t(123_456_789),
    attributes: {
      'http.request.method': 'POST',
      'http.response.status_code': 500,
      'user.premium': true,
      'cart.total': 129.95,
      'cart.skus': ['sku-1', 'sku-2'],
      'cart.quantities': [1, 3],
    },
  });
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  const query = tracer.startSpan('SELECT shop.orders', { kind: SpanKind.CLIENT, startTime: t(123_500_001), attributes: { 'db.system.name': 'postgresql' } }, inRoot);
  query.end(t(125_000_003));
  const charge = tracer.startSpan('PaymentService/Charge', { kind: SpanKind.CLIENT, startTime: t(130_000_007), attributes: { 'rpc.system': 'grpc' } }, inRoot);
  charge.addEvent('retry', { 'retry.attempt': 2 }, t(140_000_011));
  logger.emit({
    timestamp: t(150_000_013),
    observedTimestamp: t(150_000_999),
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'card declined for order 42',
    attributes: { 'order.id': 42, 'payment.provider': 'stripe' },
    context: trace.setSpan(ROOT_CONTEXT, charge),
  });
  charge.recordException(new Error('card declined'), t(160_000_017));
  charge.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  charge.end(t(170_000_019));
  const publish = tracer.startSpan('orders publish', { kind: SpanKind.PRODUCER, startTime: t(171_000_023), attributes: { 'messaging.destination.name': 'orders' } }, inRoot);
  publish.end(t(172_000_029));
  logger.emit({
    timestamp: t(173_000_031),
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: { code: 'E42', retriable: false },
    context: inRoot,
  });
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment failed' });
  root.end(t(180_000_037));

  const consume = tracer.startSpan('orders process', {
    kind: SpanKind.CONSUMER,
    root: true,
    startTime: t(900_000_041),
    links: [{ context: publish.spanContext(), attributes: { 'messaging.operation.type': 'process' } }],
  });
  const work = tracer.startSpan('send receipt', { kind: SpanKind.INTERNAL, startTime: t(900_100_043) }, trace.setSpan(ROOT_CONTEXT, consume));
  work.setStatus({ code: SpanStatusCode.OK });
  work.end(t(950_000_047));
  consume.end(t(960_000_053));

  await tracerProvider.forceFlush();
  await loggerProvider.forceFlush();
  const sent = { spans: sentSpans.getFinishedSpans(), logs: sentLogs.getFinishedLogRecords() };
  await tracerProvider.shutdown();
  await loggerProvider.shutdown();
  return sent;
}
