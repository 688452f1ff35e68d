import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalId } from '../ids.js';
import { UNKNOWN_SERVICE } from '../model.js';
import { isJaegerSpan, isJaegerTrace, jaegerSpan, jaegerTrace } from './jaeger.js';
import { FormatError, type RecordSink, type SpanRecord } from './records.js';

const DIR = new URL('../../fixtures/upstream/jaeger-v1-http/', import.meta.url);

type Raw = Record<string, unknown>;

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
}

function collector(): { sink: RecordSink; spans: SpanRecord[] } {
  const spans: SpanRecord[] = [];
  return {
    spans,
    sink: {
      span: (record) => spans.push(record),
      log: () => {
        throw new Error('Jaeger has no log records');
      },
    },
  };
}

/** What the importer will do: split an envelope, a bare trace or a bare array of spans. */
function parseFile(json: unknown): SpanRecord[] {
  const { sink, spans } = collector();
  if (Array.isArray(json)) json.forEach((span, i) => jaegerSpan(span, `[${i}]`, null, sink));
  else if (isJaegerTrace(json)) jaegerTrace(json, '', sink);
  else ((json as Raw).data as unknown[]).forEach((trace, i) => jaegerTrace(trace, `data[${i}]`, sink));
  return spans;
}

/** The raw spans in file order, with the service each should get, worked out without the parser. */
function rawSpans(json: unknown): { span: Raw; service: string }[] {
  if (Array.isArray(json)) return json.map((span: Raw) => ({ span, service: inlineService(span) }));
  const traces = (isJaegerTrace(json) ? [json] : (json as Raw).data) as Raw[];
  return traces.flatMap((trace) => {
    const processes = (trace.processes ?? {}) as Record<string, { serviceName: string }>;
    return (trace.spans as Raw[]).map((span) => ({
      span,
      service: processes[span.processID as string]?.serviceName ?? inlineService(span),
    }));
  });
}

function inlineService(span: Raw): string {
  return (span.process as { serviceName?: string } | undefined)?.serviceName ?? UNKNOWN_SERVICE;
}

const FILES = readdirSync(DIR).filter((f) => !f.includes('dependencies-data_') && !f.includes('ui-state-model'));

describe('jaeger: every upstream sample', () => {
  it('finds the samples', () => {
    expect(FILES.length).toBe(16);
  });

  it.each(FILES)('%s', (name) => {
    const json = load(name);
    const raw = rawSpans(json);
    const spans = parseFile(json);
    expect(raw.length).toBeGreaterThan(0);
    expect(spans.length).toBe(raw.length);
    spans.forEach((span, i) => {
      const r = raw[i]!;
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.traceId).toBe(canonicalId(r.span.traceID, 'trace'));
      expect(span.spanId).toBe(canonicalId(r.span.spanID, 'span'));
      if (span.parentSpanId !== null) expect(span.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
      for (const link of span.links) {
        expect(link.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(link.spanId).toMatch(/^[0-9a-f]{16}$/);
      }
      expect(span.name).toBe(r.span.operationName);
      expect(span.service).toBe(r.service);
      expect(span.startNs).toBe(BigInt(r.span.startTime as number) * 1000n);
      expect(span.endNs - span.startNs).toBe(BigInt(r.span.duration as number) * 1000n);
      expect(span.events.length).toBe(((r.span.logs ?? []) as unknown[]).length);
      // Every reference is either a CHILD_OF parent or a link (a FOLLOWS_FROM parent is both), never lost.
      const refs = (r.span.references ?? []) as Raw[];
      const childOfParent = span.parentSpanId !== null && refs.some((ref) => (ref.refType ?? 'CHILD_OF') === 'CHILD_OF' && canonicalId(ref.spanID, 'span') === span.parentSpanId);
      expect(span.links.length + (childOfParent ? 1 : 0)).toBe(refs.length);
      for (const key of ['span.kind', 'error', 'otel.status_code', 'otel.scope.name']) {
        expect(span.attributes).not.toHaveProperty([key]);
      }
    });
  });
});

function byId(spans: SpanRecord[], raw: string): SpanRecord {
  const id = canonicalId(raw, 'span');
  const found = spans.find((s) => s.spanId === id);
  if (found === undefined) throw new Error(`no span ${raw}`);
  return found;
}

describe('jaeger: field mapping', () => {
  it('pads short hex ids and maps tags by type (jaeger-query self trace)', () => {
    const spans = parseFile(load('jaeger-analytics-java__ui-trace_2019_jaeger-query-self-trace.json'));
    const [root, child] = spans;
    expect(root?.traceId).toBe('00000000000000002db17286b3e6b148');
    expect(child?.spanId).toBe('0ec2b4e0bcea566d'); // written with 15 characters
    expect(child?.parentSpanId).toBe('2db17286b3e6b148');
    expect(root?.kind).toBe(2);
    expect(root?.startNs).toBe(1571326774777373000n);
    expect(root?.endNs).toBe(1571326774781572000n);
    expect(root?.attributes['http.status_code']).toBe(200);
    expect(root?.attributes['sampler.param']).toBe(1);
    expect(root?.resource).toMatchObject({
      'service.name': 'jaeger-query',
      hostname: 'simple-streaming-query-66f49db66-8x9hd',
    });
    expect(child?.resource).toBe(root?.resource);
    expect(root?.statusCode).toBe(0);
  });

  it('maps non-hex ids, kinds, string "true" errors and processes (happyTrace)', () => {
    // By position: see the known id collision below.
    const [x, a, , , d] = parseFile(load('jaeger-ui__happyTrace_non-hex-ids.json')) as [
      SpanRecord,
      SpanRecord,
      SpanRecord,
      SpanRecord,
      SpanRecord,
    ];
    expect(x.traceId).toBe(canonicalId('trace-123', 'trace'));
    expect(x.parentSpanId).toBeNull();
    expect(a.parentSpanId).toBe(x.spanId);
    expect(a.kind).toBe(3);
    expect(a.statusCode).toBe(2);
    expect(x.statusCode).toBe(0);
    expect(d.service).toBe('service2');
    expect(d.resource).toEqual({ hostname: 'foobar.org', 'service.name': 'service2' });
    expect(a.resource).toBe(x.resource);
    expect(d.resource).not.toBe(x.resource);
    expect(x.startNs).toBe(1000n);
  });

  it('reads single-character hex ids as hex (critical-path testTrace)', () => {
    const spans = parseFile(load('jaeger-ui__critical-path-testTrace_envelope.json'));
    expect(spans[0]?.traceId).toBe(`${'0'.repeat(31)}a`);
    expect(spans[1]?.parentSpanId).toBe('000000000000000a');
    expect(spans[0]?.startNs).toBe(0n);
    expect(spans.map((s) => s.service)).toEqual(['S1', 'S2', 'S3', 'S4']);
  });

  it('takes a lone FOLLOWS_FROM in the same trace as the parent, and keeps the relation on a link to it (issue115)', () => {
    const [thread, demo] = parseFile(load('jaeger-ui__issue115_follows-from_envelope.json'));
    expect(thread?.parentSpanId).toBe('ea7cfaca83f0724b');
    // As the Collector's Jaeger translator keeps it: the parent stays the parent, the reference type rides on a link.
    expect(thread?.links).toEqual([{ traceId: '2992f2a5b5d037a8aabffd08ef384237', spanId: 'ea7cfaca83f0724b', attributes: { 'opentracing.ref_type': 'follows_from' } }]);
    expect(demo?.parentSpanId).toBeNull();
    expect(demo?.links).toEqual([]);
  });

  it('keeps no link for a CHILD_OF parent, and prefers CHILD_OF over an earlier FOLLOWS_FROM', () => {
    const record = one({ references: [{ refType: 'FOLLOWS_FROM', traceID: 'abc', spanID: '8' }, { refType: 'CHILD_OF', traceID: 'abc', spanID: '7' }] });
    expect(record.parentSpanId).toBe('0000000000000007');
    expect(record.links).toEqual([{ traceId: `${'0'.repeat(29)}abc`, spanId: '0000000000000008', attributes: { 'opentracing.ref_type': 'follows_from' } }]);
    expect(one({ references: [{ traceID: 'abc', spanID: '7' }] }).links).toEqual([]);
  });

  it('maps producer/consumer kinds and FOLLOWS_FROM (traceGraph)', () => {
    const spans = parseFile(load('jaeger-ui__traceGraph-testTrace.json'));
    const at = (i: number): SpanRecord => spans[i]!; // by position: see the known id collision below
    expect(at(6).kind).toBe(4);
    expect(at(7).kind).toBe(5);
    expect(at(7).parentSpanId).toBe(at(6).spanId);
    expect(at(7).links).toEqual([{ traceId: at(7).traceId, spanId: at(6).spanId, attributes: { 'opentracing.ref_type': 'follows_from' } }]);
    expect(at(5).kind).toBe(0);
    expect(at(1).statusCode).toBe(2);
    expect(at(4).service).toBe('service2');
  });

  // Short tokens such as "span-A" once passed as lossy base64 and collided; ids.ts now only reads whole 8/16-byte ids.
  it('keeps the non-hex span ids of a trace distinct (happyTrace, traceGraph)', () => {
    for (const name of ['jaeger-ui__happyTrace_non-hex-ids.json', 'jaeger-ui__traceGraph-testTrace.json']) {
      const spans = parseFile(load(name));
      expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
    }
  });

  it('keeps duplicate span ids and a parent outside the payload; reads the scope (otlp2jaeger)', () => {
    const spans = parseFile(load('jaeger__api-traces-envelope_otlp2jaeger-out.json'));
    expect(spans.map((s) => s.spanId)).toEqual(['e127af99e3b3e074', 'e127af99e3b3e074']);
    expect(spans[0]?.parentSpanId).toBe('909541b92cf05311');
    expect(spans[0]?.scope).toEqual({ name: 'telemetrygen' });
    expect(spans[0]?.attributes).toEqual({ 'net.peer.ip': '1.2.3.4', 'peer.service': 'telemetrygen-client' });
  });

  it('reads the older otel.library.* scope tags (otlp2jaeger multi)', () => {
    const spans = parseFile(load('jaeger-ui__otlp2jaeger-multi-out_envelope-multiple-traces.json'));
    expect(spans[0]?.scope).toEqual({ name: 'ohboy' });
    const widgets = spans.find((s) => s.scope?.name === 'widgets');
    expect(widgets?.scope).toEqual({ name: 'widgets', version: '1.2.3' });
    expect(spans[0]?.resource['telemetry.sdk.language']).toBe('nodejs');
  });

  it('turns logs into events and otel.status_code OK into status 1 (perses async)', () => {
    const spans = parseFile(load('perses__async_jaeger.json'));
    const post = spans[1]!;
    expect(post.statusCode).toBe(1);
    expect(post.events.map((e) => e.name)).toEqual(['Request sent', 'Response received', 'Body received']);
    expect(post.events[0]).toEqual({ timeNs: '1729001599633766000', name: 'Request sent', attributes: {} });
    expect(post.attributes['http.response.status_code']).toBe(200);
    expect(spans.every((s) => s.resource === spans[0]?.resource)).toBe(true);
  });

  it('reads a bare array of spans with inline processes (anonymizer)', () => {
    const json = load('jaeger__anonymizer-uiconv_span-array-inline-process.json') as unknown[];
    expect(isJaegerSpan(json[0])).toBe(true);
    expect(isJaegerTrace(json[0])).toBe(false);
    const [server, client] = parseFile(json);
    expect(server?.kind).toBe(2);
    expect(client?.kind).toBe(3);
    expect(client?.statusCode).toBe(2);
    expect(client?.service).toBe('3c220036602f839e');
    expect(client?.parentSpanId).toBe('7606ddfe69932d34');
  });

  it('shares one resource among spans with equal inline processes (overlappingTrace)', () => {
    const spans = parseFile(load('jaeger-ui__overlappingTrace_inline-process-non-hex.json'));
    expect(spans.map((s) => s.service)).toEqual(['test-service', 'test-service', 'test-service']);
    expect(spans[1]?.resource).toBe(spans[0]?.resource);
    expect(spans[0]?.resource).toEqual({ 'service.name': 'test-service' });
  });

  it('keeps a real error status and typed tags (genai trace)', () => {
    const spans = parseFile(load('jaeger-ui__genaiTestTrace_generated_comment-key.json'));
    const failed = byId(spans, '0000000000000011');
    expect(failed.statusCode).toBe(2);
    expect(failed.service).toBe('k8s-api');
    expect(failed.attributes['http.response.status_code']).toBe(500);
    expect(spans.filter((s) => s.statusCode === 2)).toHaveLength(1);
  });
});

function span(extra: Raw): Raw {
  return { traceID: 'abc', spanID: '1', operationName: 'op', startTime: 1, duration: 2, ...extra };
}

function one(extra: Raw): SpanRecord {
  const { sink, spans } = collector();
  jaegerSpan(span(extra), 's', null, sink);
  return spans[0]!;
}

describe('jaeger: tag values and references', () => {
  it('converts values by type without losing int64 precision', () => {
    const record = one({
      tags: [
        { key: 'big', type: 'int64', value: '9007199254740993' },
        { key: 'small', type: 'int64', value: '42' },
        { key: 'no', type: 'bool', value: 'false' },
        { key: 'yes', type: 'bool', value: true },
        { key: 'f', type: 'float64', value: '1.5' },
        { key: 'nan', type: 'float64', value: 'NaN' },
        { key: 'bin', type: 'binary', value: 'AQID' },
        { key: '__proto__', type: 'string', value: 'kept' },
      ],
    });
    const { ['__proto__']: _proto, ...rest } = record.attributes;
    expect(rest).toEqual({ big: '9007199254740993', small: 42, no: false, yes: true, f: 1.5, nan: 'NaN', bin: 'AQID' });
    expect(Object.getPrototypeOf(record.attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(record.attributes, '__proto__')?.value).toBe('kept');
  });

  it('takes status from otel tags over the error tag, and kind/scope out of attributes', () => {
    const record = one({
      tags: [
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'otel.status_description', type: 'string', value: 'boom' },
        { key: 'span.kind', type: 'string', value: 'producer' },
        { key: 'otel.scope.name', type: 'string', value: 'lib' },
        { key: 'otel.scope.version', type: 'string', value: '2' },
      ],
    });
    expect(record).toMatchObject({
      statusCode: 2,
      statusMessage: 'boom',
      kind: 4,
      scope: { name: 'lib', version: '2' },
    });
    expect(record.attributes).toEqual({});
  });

  it('keeps an error tag that is not a boolean, and a kind it does not know', () => {
    const record = one({
      tags: [
        { key: 'error', type: 'string', value: 'timeout' },
        { key: 'span.kind', type: 'string', value: 'gateway' },
      ],
    });
    expect(record.statusCode).toBe(0);
    expect(record.kind).toBe(0);
    expect(record.attributes).toEqual({ error: 'timeout', 'span.kind': 'gateway' });
  });

  it('makes references to other traces and extra references into links', () => {
    const record = one({
      references: [
        { refType: 'FOLLOWS_FROM', traceID: 'ffff', spanID: '9' },
        { refType: 'FOLLOWS_FROM', traceID: 'abc', spanID: '8' },
        { refType: 'CHILD_OF', traceID: 'abc', spanID: '7' },
      ],
    });
    expect(record.parentSpanId).toBe('0000000000000007');
    expect(record.links).toEqual([
      {
        traceId: `${'0'.repeat(28)}ffff`,
        spanId: '0000000000000009',
        attributes: { 'opentracing.ref_type': 'follows_from' },
      },
      {
        traceId: `${'0'.repeat(29)}abc`,
        spanId: '0000000000000008',
        attributes: { 'opentracing.ref_type': 'follows_from' },
      },
    ]);
  });

  it('names a log event "log" when it has no event field', () => {
    const record = one({ logs: [{ timestamp: 5, fields: [{ key: 'message', type: 'string', value: 'hi' }] }] });
    expect(record.events).toEqual([{ timeNs: '5000', name: 'log', attributes: { message: 'hi' } }]);
  });

  it('uses UNKNOWN_SERVICE and an empty resource without a process', () => {
    const record = one({ processID: 'p9' });
    expect(record.service).toBe(UNKNOWN_SERVICE);
    expect(record.resource).toEqual({});
  });
});

function traceError(trace: unknown): FormatError {
  const { sink } = collector();
  try {
    jaegerTrace(trace, 'data[0]', sink);
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error('expected a FormatError');
}

describe('jaeger: hostile input', () => {
  const ok = span({});

  it('names the path of a wrong-typed start time', () => {
    const error = traceError({ traceID: 'abc', spans: [ok, ok, span({ startTime: 'abc' })] });
    expect(error.path).toBe('data[0].spans[2].startTime');
    expect(error.message).toContain('data[0].spans[2].startTime');
  });

  it('refuses a 500-character span id', () => {
    const error = traceError({ traceID: 'abc', spans: [span({ spanID: 'x'.repeat(500) })] });
    expect(error.message).toContain('data[0].spans[0].spanID');
  });

  it('refuses spans that are not an array', () => {
    expect(traceError({ traceID: 'abc', spans: 'nope' }).message).toContain('data[0].spans');
    expect(traceError({ traceID: 'abc', spans: { 0: ok } }).path).toBe('data[0].spans');
  });

  it('refuses deeply nested tag values without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const error = traceError({
      traceID: 'abc',
      spans: [ok, span({ tags: [{ key: 'k', type: 'string', value: deep }] })],
    });
    expect(error.path).toBe('data[0].spans[1].tags[0].value');
  });

  it('refuses deep nesting in an inline process and in process tags', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const inline = traceError({
      traceID: 'abc',
      spans: [span({ process: { serviceName: 's', tags: [{ key: 'k', value: deep }] } })],
    });
    expect(inline.path).toBe('data[0].spans[0].process.tags[0].value');
    const shared = traceError({ traceID: 'abc', spans: [], processes: { p1: { serviceName: 's', tags: deep } } });
    expect(shared.path).toBe('data[0].processes.p1.tags[0]');
  });

  it('names bad references, logs and durations', () => {
    expect(
      traceError({ traceID: 'a', spans: [span({ references: [{ refType: 'CHILD_OF', traceID: 'a' }] })] }).path,
    ).toBe('data[0].spans[0].references[0].spanID');
    expect(traceError({ traceID: 'a', spans: [span({ logs: [{ timestamp: -1 }] })] }).path).toBe(
      'data[0].spans[0].logs[0].timestamp',
    );
    expect(traceError({ traceID: 'a', spans: [span({ duration: 1e300 })] }).path).toBe('data[0].spans[0].duration');
    expect(traceError({ traceID: 'a', spans: [span({ tags: [{ key: 'n', type: 'int64', value: 'x' }] })] }).path).toBe(
      'data[0].spans[0].tags[0].value',
    );
  });

  it('uses a bare path when given none', () => {
    const { sink } = collector();
    expect(() => jaegerTrace({ traceID: 'a', spans: [span({ startTime: null })] }, '', sink)).toThrow(
      /^spans\[0\]\.startTime: /,
    );
  });
});
