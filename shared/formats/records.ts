import type { Attributes, Scope, SpanEvent, SpanLink } from '../model.js';

/**
 * What a format parser produces: spans and logs normalised to Casefile's model, with times as BigInt nanoseconds
 * (exact; see model.ts). Parsers are pure: they take parsed JSON and push records into a sink.
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  /** OTLP numbering: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  /** OTLP numbering: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  attributes: Attributes;
  /** Shared by every span of one batch: writers may cache work on its identity. */
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  scope: Scope | null;
  /** W3C tracestate of the span's context, when it had one (OTLP only). */
  traceState?: string;
}

export interface LogRecordIn {
  timeNs: bigint;
  observedNs: bigint | null;
  severityNumber: number;
  severityText: string;
  body: string;
  service: string;
  traceId: string | null;
  spanId: string | null;
  attributes: Attributes;
  resource: Attributes;
  scope: Scope | null;
}

export interface RecordSink {
  span(record: SpanRecord): void;
  log(record: LogRecordIn): void;
  /** Something the user must be told although the input was read (an id mapped, a span without a time skipped). */
  warn?(message: string, traceId: string | null): void;
}

/** A problem in the input, located by a JSON path inside the record being read (e.g. `spans[3].startTimeUnixNano`). */
export class FormatError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'FormatError';
  }
}

/** The widest time Casefile accepts: SQLite INTEGER is a signed 64-bit number of nanoseconds (until 2262-04-11). */
export const MAX_NS = (1n << 63n) - 1n;
