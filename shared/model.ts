/**
 * The records Casefile keeps, as they cross the API contract.
 *
 * Times are nanoseconds since the Unix epoch held as decimal strings (`NsTime`): a JS number is exact only to 2^53
 * (~104 days of nanoseconds), so epoch nanoseconds cannot survive as numbers. The cache stores them as SQLite
 * INTEGERs and reads them as BigInt; views convert to small relative offsets once, with BigInt arithmetic.
 */
export type NsTime = string;

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const STATUS_CODES = ['unset', 'ok', 'error'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export interface SpanEvent {
  timeNs: NsTime;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface Scope {
  name: string;
  version?: string;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: SpanKind;
  startNs: NsTime;
  endNs: NsTime;
  statusCode: StatusCode;
  statusMessage: string;
  attributes: Attributes;
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  scope: Scope | null;
  sourceId: number | null;
  /** The W3C tracestate of the span's context, when it carried one (OTLP). */
  traceState?: string;
}

export interface LogRecord {
  id: number;
  timeNs: NsTime;
  severityNumber: number;
  severityText: string;
  body: string;
  service: string;
  traceId: string | null;
  spanId: string | null;
  attributes: Attributes;
  resource: Attributes;
  sourceId: number | null;
}

/** Used when a producer gives no service.name, as the OpenTelemetry SDKs do. */
export const UNKNOWN_SERVICE = 'unknown_service';
