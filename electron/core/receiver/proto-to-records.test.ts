import { describe, expect, it } from 'vitest';
import { decodeRequest, MalformedRequest } from './decode-request.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from './otlp-schema.js';

/**
 * Protobuf is read straight into records, JSON through the shared OTLP parser: the same request in either encoding
 * must give the same rows, down to how big ints, nested values, bytes and zero ids come out.
 */
const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const PARENT = 'eee19b7ec3c1b173';
const LINKED = '0af7651916cd43dd8448eb211c80319c';
const bytes = (hex: string) => Buffer.from(hex, 'hex');

const pbValue = (value: object) => value;
const pbAttributes = [
  { key: 'text', value: pbValue({ stringValue: 'héllo' }) },
  { key: 'small', value: pbValue({ intValue: '-42' }) },
  { key: 'safe max', value: pbValue({ intValue: '9007199254740991' }) },
  { key: 'beyond safe', value: pbValue({ intValue: '9007199254740993' }) },
  { key: 'most negative', value: pbValue({ intValue: '-9223372036854775808' }) },
  { key: 'minus 2^53', value: pbValue({ intValue: '-9007199254740992' }) },
  { key: 'flag', value: pbValue({ boolValue: false }) },
  { key: 'ratio', value: pbValue({ doubleValue: 0.25 }) },
  { key: 'raw', value: pbValue({ bytesValue: Buffer.from([0, 1, 254, 255]) }) },
  { key: 'list', value: pbValue({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '7' }, { arrayValue: { values: [] } }] } }) },
  { key: 'map', value: pbValue({ kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }, { key: 'empty' }] } }) },
  { key: 'unset', value: pbValue({}) },
];
const jsonAttributes = [
  { key: 'text', value: { stringValue: 'héllo' } },
  { key: 'small', value: { intValue: '-42' } },
  { key: 'safe max', value: { intValue: '9007199254740991' } },
  { key: 'beyond safe', value: { intValue: '9007199254740993' } },
  { key: 'most negative', value: { intValue: '-9223372036854775808' } },
  { key: 'minus 2^53', value: { intValue: '-9007199254740992' } },
  { key: 'flag', value: { boolValue: false } },
  { key: 'ratio', value: { doubleValue: 0.25 } },
  { key: 'raw', value: { bytesValue: Buffer.from([0, 1, 254, 255]).toString('base64') } },
  { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '7' }, { arrayValue: { values: [] } }] } } },
  { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }, { key: 'empty', value: {} }] } } },
  { key: 'unset', value: {} },
];
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'pid', value: { intValue: '12' } }] };

function both(signal: 'traces' | 'logs', pb: object, json: object) {
  const type = signal === 'traces' ? ExportTraceServiceRequest : ExportLogsServiceRequest;
  const body = Buffer.from(type.encode(type.fromObject(pb)).finish());
  return { proto: decodeRequest(signal, 'protobuf', body), json: decodeRequest(signal, 'json', Buffer.from(JSON.stringify(json))) };
}

describe('protobuf read straight into records', () => {
  it('gives the same span rows as the same request in OTLP/JSON', () => {
    const times = { startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000223456789' };
    const { proto, json } = both(
      'traces',
      {
        resourceSpans: [
          {
            resource,
            scopeSpans: [
              {
                scope: { name: 'lib', version: '' },
                spans: [
                  {
                    traceId: bytes(TRACE), spanId: bytes(SPAN), traceState: 'ot=th:c;rv:a1b2c3d4e5f6a7', parentSpanId: bytes(PARENT), name: 'GET /', kind: 2, ...times,
                    attributes: pbAttributes, status: { code: 2, message: 'boom' },
                    events: [{ timeUnixNano: '1700000000123456790', name: 'retry', attributes: [{ key: 'n', value: { intValue: '1' } }] }],
                    links: [{ traceId: bytes(LINKED), spanId: bytes(SPAN), attributes: [] }],
                  },
                  // An all-zero parent id means "no parent"; zero times are allowed.
                  { traceId: bytes(TRACE), spanId: bytes(PARENT), parentSpanId: Buffer.alloc(8), name: 'root' },
                ],
              },
              { spans: [{ traceId: bytes(TRACE), spanId: bytes('0000000000000001'), ...times }] },
            ],
          },
          { scopeSpans: [{ scope: { name: '', version: '' }, spans: [{ traceId: bytes(LINKED), spanId: bytes(SPAN), ...times }] }] },
        ],
      },
      {
        resourceSpans: [
          {
            resource,
            scopeSpans: [
              {
                scope: { name: 'lib', version: '' },
                spans: [
                  {
                    traceId: TRACE, spanId: SPAN, traceState: 'ot=th:c;rv:a1b2c3d4e5f6a7', parentSpanId: PARENT, name: 'GET /', kind: 2, ...times,
                    attributes: jsonAttributes, status: { code: 2, message: 'boom' },
                    events: [{ timeUnixNano: '1700000000123456790', name: 'retry', attributes: [{ key: 'n', value: { intValue: '1' } }] }],
                    links: [{ traceId: LINKED, spanId: SPAN, attributes: [] }],
                  },
                  { traceId: TRACE, spanId: PARENT, parentSpanId: '0000000000000000', name: 'root', startTimeUnixNano: '0', endTimeUnixNano: '0' },
                ],
              },
              { spans: [{ traceId: TRACE, spanId: '0000000000000001', ...times }] },
            ],
          },
          { scopeSpans: [{ scope: { name: '', version: '' }, spans: [{ traceId: LINKED, spanId: SPAN, ...times }] }] },
        ],
      },
    );
    expect(proto.spans).toBe(4);
    expect(proto.batch).toEqual(json.batch);
    const attributes = JSON.parse(proto.batch!.spans[0]![10]) as Record<string, unknown>;
    expect(attributes['beyond safe']).toBe('9007199254740993');
    expect(attributes['minus 2^53']).toBe('-9007199254740992');
    expect(attributes['raw']).toBe('AAH+/w==');
    expect(proto.batch!.spans[1]![3]).toBeNull();
    // The W3C tracestate is kept (it can hold the sampling threshold); spans without one store null.
    expect(proto.batch!.spans[0]![15]).toBe('ot=th:c;rv:a1b2c3d4e5f6a7');
    expect(proto.batch!.spans[1]![15]).toBeNull();
  });

  it('gives the same log rows, bodies of every kind included', () => {
    const bodies = [{ stringValue: 'plain' }, { intValue: '9007199254740993' }, { boolValue: true }, { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } }];
    const pbRecords = bodies.map((body, i) => ({ timeUnixNano: String(1700000000000000000n + BigInt(i)), severityNumber: 9, severityText: 'INFO', body, attributes: pbAttributes, traceId: bytes(TRACE), spanId: bytes(SPAN) }));
    // Only an observed time, and no ids.
    pbRecords.push({ observedTimeUnixNano: '1700000000000000009', body: undefined } as unknown as (typeof pbRecords)[number]);
    const jsonRecords = bodies.map((body, i) => ({ timeUnixNano: String(1700000000000000000n + BigInt(i)), severityNumber: 9, severityText: 'INFO', body, attributes: jsonAttributes, traceId: TRACE, spanId: SPAN }));
    jsonRecords.push({ observedTimeUnixNano: '1700000000000000009' } as unknown as (typeof jsonRecords)[number]);
    const { proto, json } = both('logs', { resourceLogs: [{ resource, scopeLogs: [{ logRecords: pbRecords }] }] }, { resourceLogs: [{ resource, scopeLogs: [{ logRecords: jsonRecords }] }] });
    expect(proto.logs).toBe(5);
    expect(proto.batch).toEqual(json.batch);
  });

  it('refuses what the JSON path refuses, naming the same field', () => {
    const span = { traceId: bytes(TRACE), spanId: bytes(SPAN), startTimeUnixNano: '2', endTimeUnixNano: '1' };
    const cases: [object, string][] = [
      [span, 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano: span ends before it starts'],
      [{ ...span, endTimeUnixNano: '3', kind: 9 }, 'resourceSpans[0].scopeSpans[0].spans[0].kind: unknown enum value number 9'],
      [{ ...span, endTimeUnixNano: '3', traceId: Buffer.alloc(16) }, 'resourceSpans[0].scopeSpans[0].spans[0].traceId: trace id is missing or all zeros'],
      [{ ...span, endTimeUnixNano: '3', spanId: bytes('0102') }, 'resourceSpans[0].scopeSpans[0].spans[0].spanId: an id of 2 bytes; OTLP ids are 8 bytes'],
      [{ ...span, endTimeUnixNano: '18446744073709551615' }, 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano: time 18446744073709551615 ns is out of range (after the year 2262)'],
    ];
    for (const [bad, message] of cases) {
      const request = { resourceSpans: [{ scopeSpans: [{ spans: [bad] }] }] };
      const body = Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish());
      expect(() => decodeRequest('traces', 'protobuf', body)).toThrow(new MalformedRequest(message));
    }
  });
});
