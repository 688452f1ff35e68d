import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalId } from '../ids.js';
import { UNKNOWN_SERVICE } from '../model.js';
import { FormatError, type RecordSink, type SpanRecord } from './records.js';
import { createZipkinParser, isZipkinSpan, isZipkinV1Span, zipkinSpan } from './zipkin.js';

const DIR = new URL('../../fixtures/upstream/zipkin-v2/', import.meta.url);
const V1_FILE = 'zipkin-lens__test_v1-format-not-v2.json';

type Raw = Record<string, unknown>;

function load(name: string): Raw[] {
  const json: unknown = JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
  return (Array.isArray(json) ? json : [json]) as Raw[];
}

function collector(): { sink: RecordSink; spans: SpanRecord[] } {
  const spans: SpanRecord[] = [];
  return {
    spans,
    sink: {
      span: (record) => spans.push(record),
      log: () => {
        throw new Error('Zipkin has no log records');
      },
    },
  };
}

/** One parser per file, as an import would hold it. */
function parse(raw: unknown[]): SpanRecord[] {
  const { sink, spans } = collector();
  const parser = createZipkinParser();
  raw.forEach((span, i) => parser.span(span, `[${i}]`, sink));
  parser.flush(sink);
  return spans;
}

const KINDS: Record<string, number> = { SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };
const FILES = readdirSync(DIR).filter((f) => f !== V1_FILE);

describe('zipkin: every upstream v2 sample', () => {
  it('finds the samples', () => {
    expect(FILES.length).toBe(14);
  });

  it.each(FILES)('%s', (name) => {
    const raw = load(name);
    const spans = parse(raw);
    expect(raw.every(isZipkinSpan)).toBe(true);
    expect(raw.some(isZipkinV1Span)).toBe(false);
    expect(spans.length).toBe(raw.length);
    spans.forEach((span, i) => {
      const r = raw[i]!;
      const local = r.localEndpoint as Raw | undefined;
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.traceId).toBe(canonicalId(r.traceId, 'trace'));
      expect(span.spanId).toBe(canonicalId(r.id, 'span'));
      expect(span.parentSpanId).toBe(canonicalId(r.parentId, 'span'));
      expect(span.name).toBe(r.name ?? '');
      expect(span.service).toBe(local?.serviceName ?? UNKNOWN_SERVICE);
      expect(span.startNs).toBe(BigInt(r.timestamp as number) * 1000n);
      expect(span.endNs - span.startNs).toBe(BigInt((r.duration as number | undefined) ?? 0) * 1000n);
      expect(span.kind).toBe(r.kind === undefined ? (r.remoteEndpoint === undefined ? 1 : 0) : KINDS[r.kind as string]);
      expect(span.events.length).toBe(((r.annotations ?? []) as unknown[]).length);
      const tags = (r.tags ?? {}) as Raw;
      expect(span.statusCode).toBe('error' in tags || tags['otel.status_code'] === 'ERROR' ? 2 : 0);
      expect(span.links).toEqual([]);
    });
  });
});

describe('zipkin: field mapping', () => {
  it('pads short ids and keeps debug, shared, endpoints and annotations', () => {
    const [span] = parse(load('jaeger__zipkin_v2_01_short-ids-debug-shared.json'));
    expect(span).toMatchObject({
      traceId: 'bd7a974555f6b982bd71977555f6b981',
      spanId: '0000000000000002',
      parentSpanId: '0000000000000001',
      service: 'foo',
      kind: 3,
      startNs: 1000n,
      endNs: 11000n,
    });
    expect(span?.attributes).toEqual({
      foo: 'bar',
      'peer.service': 'bar',
      'net.peer.ip': '10.43.17.43',
      'zipkin.debug': true,
      'zipkin.shared': true,
    });
    expect(span?.resource).toEqual({ 'service.name': 'foo', 'host.ip': '10.43.17.42' });
    expect(span?.events).toEqual([{ timeNs: '1000', name: 'foo', attributes: {} }]);
  });

  it('pads a one-character trace id to 32 and keeps the port', () => {
    const [span] = parse(load('jaeger__zipkin_v2_02_traceid-2.json'));
    expect(span?.traceId).toBe(`${'0'.repeat(31)}2`);
    expect(span?.kind).toBe(1);
    expect(span?.resource).toEqual({ 'service.name': 'bar', 'host.ip': '10.43.17.42', 'host.port': 8080 });
  });

  it('reads otel.status_code ERROR with its description', () => {
    const [span] = parse(load('otel-contrib__zipkinreceiver_sample3_otel-status-error-tags.json'));
    expect(span?.statusCode).toBe(2);
    expect(span?.statusMessage).toBe('Something failed');
    expect(span?.attributes).toEqual({
      'http.path': '/api',
      'clnt/finagle.version': '6.45.0',
      'peer.service': 'backend',
      'net.peer.ip': '192.168.99.101',
      'net.peer.port': 9000,
    });
    expect(span?.service).toBe(UNKNOWN_SERVICE);
    expect(span?.resource).toEqual({ 'host.ipv6': '7::0.128.128.127' });
    expect(span?.events.map((e) => e.timeNs)).toEqual(['1472470996238000000', '1472470996403000000']);
  });

  it('reads the error tag as status and message', () => {
    const [span] = parse(load('otel-contrib__zipkinreceiver_sample4_no-local-servicename-error-tag.json'));
    expect(span?.statusCode).toBe(2);
    expect(span?.statusMessage).toBe('Non-basic error message');
    expect(span?.attributes).not.toHaveProperty('error');
    expect(span?.attributes).not.toHaveProperty('peer.service');
  });

  it('keeps unicode names (benchmark span, a single object)', () => {
    const [span] = parse(load('zipkin__benchmarks_zipkin2-chinese_unicode.json'));
    expect(span).toMatchObject({ name: '个人信息查询', service: '订单维护服务', statusMessage: '此用户没有操作权限' });
    expect(span?.attributes['peer.service']).toBe('个人信息服务');
    expect(span?.startNs).toBe(1472470996199000000n);
    expect(span?.endNs).toBe(1472470996406000000n);
  });

  it('maps messaging kinds and a local span without kind', () => {
    const spans = parse(load('zipkin-lens__messaging.json'));
    expect(spans.map((s) => s.kind)).toEqual([5, 1, 4, 2]);
    expect(spans[0]?.attributes['peer.service']).toBe('rabbitmq');
    expect(spans[3]?.parentSpanId).toBeNull();
    // Same localEndpoint JSON → the same resource object; another endpoint → another.
    expect(spans[1]?.resource).toBe(spans[0]?.resource);
    expect(spans[2]?.resource).toBe(spans[3]?.resource);
    expect(spans[2]?.resource).not.toBe(spans[0]?.resource);
  });

  it('keeps both halves of a shared RPC span, told apart by kind (ascend)', () => {
    const spans = parse(load('zipkin-lens__ascend.json'));
    const ids = spans.map((s) => s.spanId);
    const shared = spans.filter((s) => ids.indexOf(s.spanId) !== ids.lastIndexOf(s.spanId));
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const [first] = shared;
    const halves = shared.filter((s) => s.spanId === first?.spanId);
    expect(halves.map((s) => s.kind).sort()).toEqual([2, 3]);
    expect(halves.find((s) => s.kind === 2)?.attributes['zipkin.shared']).toBe(true);
    expect(halves.find((s) => s.kind === 3)?.attributes).not.toHaveProperty('zipkin.shared');
  });

  it('accepts spans without duration or local endpoint (netflix)', () => {
    const spans = parse(load('zipkin-lens__netflix.json'));
    const unfinished = spans.filter((s) => s.endNs === s.startNs);
    expect(unfinished).toHaveLength(3);
    const bare = spans.filter((s) => s.service === UNKNOWN_SERVICE);
    expect(bare).toHaveLength(2);
    expect(bare[0]?.resource).toEqual({});
    expect(bare[1]?.resource).toBe(bare[0]?.resource);
    expect(bare.map((s) => s.kind)).toEqual([1, 1]);
  });

  it('reads a 175-span trace with nameless spans (smartthings)', () => {
    const spans = parse(load('zipkin-lens__smartthings-oauth-authorization.json'));
    expect(spans).toHaveLength(175);
    expect(spans.filter((s) => s.name === '').length).toBeGreaterThan(0);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set(['00000000000000008ce82b2e9ed820ba']));
  });
});

describe('zipkin: v1', () => {
  it('recognises the v1 sample and refuses to read it as v2', () => {
    const raw = load(V1_FILE);
    expect(raw.every(isZipkinV1Span)).toBe(true);
    expect(raw.every(isZipkinSpan)).toBe(true); // same two fields: test v1 first
    const { sink, spans } = collector();
    expect(() => zipkinSpan(raw[0], '[0]', sink)).toThrow(/\[0\]\.annotations\[0\]\.endpoint: .*Zipkin v1/);
    expect(spans).toHaveLength(0);
  });

  it('recognises binaryAnnotations', () => {
    const v1 = { traceId: '1', id: '1', binaryAnnotations: [{ key: 'lc', value: 'x' }] };
    expect(isZipkinV1Span(v1)).toBe(true);
    expect(() => zipkinSpan(v1, '', collector().sink)).toThrow(FormatError);
  });
});

function span(extra: Raw): Raw {
  return { traceId: 'a', id: 'b', name: 'n', timestamp: 10, duration: 5, ...extra };
}

function one(extra: Raw): SpanRecord {
  const { sink, spans } = collector();
  zipkinSpan(span(extra), 's', sink);
  return spans[0]!;
}

function error(values: unknown[]): FormatError {
  const { sink } = collector();
  const parser = createZipkinParser();
  try {
    values.forEach((v, i) => parser.span(v, `[${i}]`, sink));
    parser.flush(sink);
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError');
}

describe('zipkin: timestamps and status', () => {
  it('takes a missing timestamp from the earliest annotation', () => {
    const record = one({
      timestamp: undefined,
      duration: undefined,
      annotations: [
        { timestamp: 30, value: 'b' },
        { timestamp: 20, value: 'a' },
      ],
    });
    expect(record.startNs).toBe(20000n);
    expect(record.endNs).toBe(20000n);
  });

  it('skips a span with no time at all and no fragment to take one from, with a warning naming it; the rest is read', () => {
    const warnings: string[] = [];
    const { sink, spans } = collector();
    const parser = createZipkinParser();
    parser.span(span({ id: 'b', timestamp: undefined, name: 'lost' }), '[0]', { ...sink, warn: (m) => warnings.push(m) });
    parser.span(span({ id: 'c' }), '[1]', sink);
    parser.flush({ ...sink, warn: (m) => warnings.push(m) });
    expect(spans.map((s) => s.spanId)).toEqual(['000000000000000c']);
    expect(warnings).toEqual(['span 000000000000000b "lost" (record [0]) skipped: it has no timestamp and no annotations, and no other fragment of its id has one']);
  });

  it('merges fragments of one id without a timestamp into the fragment that has one, as Zipkin\'s trace merge does', () => {
    const server = { kind: 'SERVER', shared: true, localEndpoint: { serviceName: 'backend' } };
    const client = { kind: 'CLIENT', localEndpoint: { serviceName: 'frontend' } };
    const spans = parse([
      // A late fragment of the server half first: no timestamp, tags only.
      span({ ...server, timestamp: undefined, duration: undefined, name: '', tags: { 'http.status_code': '500', error: 'boom' } }),
      span({ ...client, timestamp: 100, duration: 50, name: 'get /api' }),
      span({ ...server, timestamp: 110, duration: 30, name: 'get /api', tags: { 'http.path': '/api' } }),
      // And a fragment of the client half after it.
      span({ ...client, timestamp: undefined, duration: undefined, name: '', tags: { 'peer.done': 'yes' } }),
    ]);
    expect(spans).toHaveLength(2);
    const [serverSpan, clientSpan] = [spans.find((s) => s.kind === 2)!, spans.find((s) => s.kind === 3)!];
    expect(serverSpan).toMatchObject({ service: 'backend', name: 'get /api', startNs: 110_000n, endNs: 140_000n, statusCode: 2, statusMessage: 'boom' });
    expect(serverSpan.attributes).toMatchObject({ 'http.status_code': '500', 'http.path': '/api' });
    expect(clientSpan).toMatchObject({ service: 'frontend', startNs: 100_000n, endNs: 150_000n });
    expect(clientSpan.attributes).toMatchObject({ 'peer.done': 'yes' });
  });

  it('keeps timed spans that reuse one id apart (messaging receives)', () => {
    const spans = parse([span({ kind: 'CONSUMER', timestamp: 10 }), span({ kind: 'CONSUMER', timestamp: 20 })]);
    expect(spans.map((s) => s.startNs)).toEqual([10_000n, 20_000n]);
  });

  it('lets otel.status_code win over the error tag and lifts the scope', () => {
    const record = one({
      tags: { error: 'x', 'otel.status_code': 'OK', 'otel.scope.name': 'lib', 'otel.scope.version': '1', k: 'v' },
    });
    expect(record).toMatchObject({ statusCode: 1, statusMessage: '', scope: { name: 'lib', version: '1' } });
    expect(record.attributes).toEqual({ k: 'v' });
  });

  it('treats an empty error tag as an error with no message', () => {
    expect(one({ tags: { error: '' } })).toMatchObject({ statusCode: 2, statusMessage: '' });
  });

  it('leaves debug and shared out when false, and reads no kind with a remote endpoint as unspecified', () => {
    const record = one({ debug: false, shared: false, remoteEndpoint: { serviceName: 'db' } });
    expect(record.attributes).toEqual({ 'peer.service': 'db' });
    expect(record.kind).toBe(0);
  });
});

describe('zipkin: hostile input', () => {
  it('names the path of a wrong-typed timestamp', () => {
    const e = error([span({}), span({}), span({ timestamp: 'abc' })]);
    expect(e.path).toBe('[2].timestamp');
    expect(e.message).toMatch(/^\[2\]\.timestamp: /);
  });

  it('refuses a 500-character id', () => {
    expect(error([span({ id: 'f'.repeat(500) })]).path).toBe('[0].id');
    expect(error([span({ parentId: 'z'.repeat(500) })]).path).toBe('[0].parentId');
  });

  it('refuses nested tag values without recursing', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const e = error([span({ tags: { 'http.path': deep } })]);
    expect(e.path).toBe('[0].tags["http.path"]');
  });

  it('refuses wrong shapes with their paths', () => {
    expect(error(['span']).path).toBe('[0]');
    expect(error([span({ tags: ['a'] })]).path).toBe('[0].tags');
    expect(error([span({ annotations: {} })]).path).toBe('[0].annotations');
    expect(error([span({ localEndpoint: { port: '80' } })]).path).toBe('[0].localEndpoint.port');
    expect(error([span({ kind: 'SIDEWAYS' })]).path).toBe('[0].kind');
    expect(error([span({ duration: -1 })]).path).toBe('[0].duration');
  });
});
