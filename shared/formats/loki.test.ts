import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOKI_DERIVED_FIELDS, DEFAULT_LOKI_SERVICE_LABELS, type LokiDerivedField } from '../sources.js';
import { createLokiParser } from './loki.js';
import { FormatError, type LogRecordIn, type RecordSink } from './records.js';

const DIR = new URL('../../fixtures/upstream/loki/', import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));

const DEFAULTS = { derivedFields: DEFAULT_LOKI_DERIVED_FIELDS, serviceLabels: DEFAULT_LOKI_SERVICE_LABELS };

function collect(): { sink: RecordSink; logs: LogRecordIn[] } {
  const logs: LogRecordIn[] = [];
  return {
    logs,
    sink: {
      span: () => {
        throw new Error('Loki has no spans');
      },
      log: (record) => logs.push(record),
    },
  };
}

function parse(body: unknown, options = DEFAULTS): { logs: LogRecordIn[]; warnings: string[] } {
  const { sink, logs } = collect();
  const { warnings } = createLokiParser(options).response(body, sink);
  return { logs, warnings };
}

/** A query_range answer of one stream, the way Loki writes it. */
function answer(stream: Record<string, string>, values: unknown[]): unknown {
  return { status: 'success', data: { resultType: 'streams', result: [{ stream, values }] } };
}

describe('Loki query_range streams (upstream samples)', () => {
  it('reads the two-entry stream with its warnings; ns timestamps stay exact', () => {
    const { logs, warnings } = parse(load('loki__query_range-streams_with-stats-and-warnings.json'));
    expect(warnings).toEqual(['this is a warning']);
    expect(logs.map((l) => [l.timeNs, l.body])).toEqual([
      [123456789012345n, 'super line'],
      [123456789012346n, 'super line with labels'],
    ]);
    expect(logs[0]).toMatchObject({ resource: { test: 'test' }, attributes: {}, service: 'unknown_service', traceId: null, spanId: null, severityNumber: 0 });
  });

  it('keeps each of the three uncategorised streams\' labels as the resource of its line', () => {
    const { logs } = parse(load('loki__query_range-streams_uncategorized-three-streams.json'));
    expect(logs.map((l) => [l.body, l.resource])).toEqual([
      ['super line', { test: 'test' }],
      ['super line with labels', { test: 'test', foo: 'a', bar: 'b' }],
      ['super line with labels msg=baz', { test: 'test', foo: 'a', bar: 'b', msg: 'baz' }],
    ]);
    expect(logs.every((l) => l.timeNs === 123456789012346n)).toBe(true);
  });

  it('reads the streams of a tail frame with the same parser', () => {
    const frame = load('loki__tail-websocket-message_dropped-entries.json') as { streams: unknown };
    const { sink, logs } = collect();
    createLokiParser(DEFAULTS).streams(frame.streams, 'streams', sink);
    expect(logs.map((l) => l.body)).toEqual(['super line', 'super line with labels']);
  });

  it('refuses a metric (matrix) answer with a message saying Casefile stores log lines', () => {
    expect(() => parse(load('loki__query_range-matrix_with-stats.json'))).toThrow(/"matrix" is the answer to a metric query; Casefile stores log lines/);
  });

  it('refuses another product\'s JSON and Loki\'s error status', () => {
    expect(() => parse({ data: ['frontend'], total: 1, limit: 0, offset: 0, errors: null })).toThrow(/not a Loki query response .*keys: data, total/);
    expect(() => parse(load('loki__labels.json'))).toThrow(FormatError);
    expect(() => parse({ status: 'error', data: null, error: 'parse error' })).toThrow(/status "error": "parse error"/);
  });
});

describe('derived fields, service and severity', () => {
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const SPAN = '00f067aa0ba902b7';

  it('takes ids from categorised structured metadata and labels from the parsed set', () => {
    const { logs } = parse(
      answer({ service_name: 'checkout', namespace: 'shop' }, [
        ['1700000000000000001', 'charged card', { structuredMetadata: { trace_id: TRACE.toUpperCase(), span_id: SPAN }, parsed: { level: 'warn' } }],
      ]),
    );
    expect(logs[0]).toMatchObject({
      service: 'checkout',
      traceId: TRACE,
      spanId: SPAN,
      severityText: 'warn',
      severityNumber: 13,
      resource: { service_name: 'checkout', namespace: 'shop' },
      attributes: { trace_id: TRACE.toUpperCase(), span_id: SPAN, level: 'warn' },
    });
  });

  it('reads the uncategorised third element as structured metadata (Loki 2.9+)', () => {
    const { logs } = parse(answer({ app: 'cart' }, [['1', 'x', { traceID: TRACE }]]));
    expect(logs[0]).toMatchObject({ service: 'cart', traceId: TRACE, attributes: { traceID: TRACE } });
  });

  it('finds ids in JSON lines (flat dotted keys and nested paths) and by regex in logfmt lines', () => {
    const { logs } = parse(
      answer({ job: 'default/payment' }, [
        ['3', JSON.stringify({ msg: 'declined', 'trace.id': TRACE, span: { id: SPAN }, level: 'ERROR' })],
        ['2', `level=info msg="retry" traceID=${TRACE} spanID=${SPAN}`],
        ['1', '2024-05-01T10:00:00Z WARN pool exhausted'],
      ]),
      { ...DEFAULTS, derivedFields: [...DEFAULT_LOKI_DERIVED_FIELDS, { target: 'spanId', from: 'json', key: 'span.id' }] },
    );
    expect(logs.map((l) => [l.traceId, l.spanId, l.severityNumber, l.service])).toEqual([
      [TRACE, SPAN, 17, 'default/payment'],
      [TRACE, SPAN, 9, 'default/payment'],
      [null, null, 13, 'default/payment'],
    ]);
  });

  it('skips values that are not ids and tries the next field; pads a 64-bit trace id', () => {
    const fields: LokiDerivedField[] = [
      { target: 'traceId', from: 'label', key: 'trace_id' },
      { target: 'traceId', from: 'regex', key: 'tid=([0-9a-f]+)' },
    ];
    const { logs } = parse(answer({ trace_id: 'none' }, [['1', 'tid=a3ce929d0e0e4736 done']]), { ...DEFAULTS, derivedFields: fields });
    expect(logs[0]!.traceId).toBe('0000000000000000a3ce929d0e0e4736');
  });

  it('uses the configured service labels in order', () => {
    const { logs } = parse(answer({ job: 'j', app: 'a' }, [['1', 'x']]), { ...DEFAULTS, serviceLabels: ['job', 'app'] });
    expect(logs[0]!.service).toBe('j');
  });

  it('names the entry that is malformed', () => {
    expect(() => parse(answer({ a: 'b' }, [['1', 'ok'], [12.5, 'bad']]))).toThrow(/data\.result\[0\]\.values\[1\]\[0\]: expected nanoseconds/);
    expect(() => parse(answer({ a: 'b' }, [['1']]))).toThrow(/values\[0\]: expected \[timestamp, line\]/);
    expect(() => parse(answer({ a: 'b' }, [['1', { line: 'x' }]]))).toThrow(/values\[0\]\[1\]: expected the log line as a string/);
  });
});
