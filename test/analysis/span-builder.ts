import type { Attributes, Span, SpanKind, StatusCode } from '../../shared/model.js';

/** Nanoseconds since the epoch for "now" in built traces: a fixed instant, so tests are repeatable. */
const EPOCH_NS = 1_795_000_000_000_000_000n;

export interface SpanSpec {
  service: string;
  name: string;
  kind?: SpanKind;
  /** Milliseconds from the trace's start (fractions allowed). */
  at: number;
  ms: number;
  attributes?: Attributes;
  status?: StatusCode;
  message?: string;
  exception?: string;
}

/** Builds one trace's spans by hand: each `span` call returns the new span, to be the parent of later ones. */
export class TraceBuilder {
  readonly spans: Span[] = [];
  private next = 1;

  constructor(readonly traceId: string) {}

  span(parent: Span | null, spec: SpanSpec): Span {
    const spanId = `${this.traceId.slice(0, 8)}${(this.next++).toString(16).padStart(8, '0')}`;
    const start = EPOCH_NS + BigInt(Math.round(spec.at * 1e6));
    const span: Span = {
      traceId: this.traceId,
      spanId,
      parentSpanId: parent?.spanId ?? null,
      service: spec.service,
      name: spec.name,
      kind: spec.kind ?? 'internal',
      startNs: start.toString(),
      endNs: (start + BigInt(Math.round(spec.ms * 1e6))).toString(),
      statusCode: spec.status ?? 'unset',
      statusMessage: spec.message ?? '',
      attributes: spec.attributes ?? {},
      resource: { 'service.name': spec.service },
      events: spec.exception === undefined ? [] : [{ timeNs: start.toString(), name: 'exception', attributes: { 'exception.message': spec.exception } }],
      links: [],
      scope: null,
      sourceId: null,
    };
    this.spans.push(span);
    return span;
  }
}

export function sqlAttrs(statement: string, system = 'postgresql'): Attributes {
  return { 'db.system': system, 'db.statement': statement };
}

export function httpAttrs(method: string, url: string): Attributes {
  return { 'http.request.method': method, 'url.full': url, 'server.address': new URL(url).hostname };
}

export function traceIdOf(n: number): string {
  return n.toString(16).padStart(32, '0');
}
