import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchEngineOptions } from '../sources.js';
import { searchHit, searchResponse, timeNs, type SearchFieldNames } from './elasticsearch.js';
import type { LogRecordIn, RecordSink } from './records.js';

const DIR = new URL('../../fixtures/upstream/elasticsearch/', import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
/** The defaults a source gets when it names no fields: ECS. */
const ECS: SearchFieldNames = searchEngineOptions.parse({}).fields;

function collect(): { sink: RecordSink; logs: LogRecordIn[] } {
  const logs: LogRecordIn[] = [];
  return { logs, sink: { span: () => expect.unreachable('no spans from a log search'), log: (r) => logs.push(r) } };
}

function hits(docs: unknown[], as: '_source' | 'fields' = '_source', names = ECS): LogRecordIn[] {
  const { sink, logs } = collect();
  docs.forEach((doc, i) => searchHit({ _index: 'logs-x', _id: `id${i}`, [as]: doc }, `hits.hits[${i}]`, names, sink));
  return logs;
}

describe('ECS documents (upstream samples)', () => {
  it('reads the collector\'s ECS-mode log document: ids, ns timestamp, level, service, message', () => {
    const [log] = hits([load('otel-contrib__esexporter_ecs-mode_log-doc.json')]);
    expect(log).toMatchObject({
      timeNs: 1710273641123456789n,
      body: 'User authentication failed',
      service: 'my-service',
      traceId: '0102030405060708090a0b0c0d0e0f10',
      spanId: '0102030405060708',
      severityText: 'ERROR',
      severityNumber: 17,
      resource: { 'service.name': 'my-service' },
    });
    expect(log!.attributes).toMatchObject({ 'user.id': 'user-123', 'event.action': 'authentication.failure', 'service.environment': 'production', _id: 'id0', _index: 'logs-x' });
    expect(log!.attributes).not.toHaveProperty('@timestamp');
    expect(log!.attributes).not.toHaveProperty('message');
  });

  it('takes event.severity as the severity number when the document has one', () => {
    const [log] = hits([load('otel-contrib__esexporter_ecs-mode_log-doc_golden.json')]);
    expect(log).toMatchObject({ severityText: 'INFO', severityNumber: 9, service: 'test-service', timeNs: 1705314600000000000n });
    expect(log!.attributes['http.status_code']).toBe(200);
  });

  it('reads `fields` arrays (dotted names) and skips their .text copies', () => {
    const logs = hits(load('apm-server__approved-hit-fields_TestOTLPGRPCLogs.json') as unknown[], 'fields');
    expect(logs[0]).toMatchObject({
      timeNs: 1_000_000_000n,
      body: 'a log message',
      service: 'unknown',
      traceId: '01000000000000000000000000000000',
      spanId: '0200000000000000',
      severityText: 'Info',
      severityNumber: 9,
    });
    expect(logs[0]!.attributes).toMatchObject({ 'labels.key': 'value', 'numeric_labels.numeric_key': 1234, 'agent.name': 'otlp/go' });
    expect(logs[0]!.attributes).not.toHaveProperty('agent.name.text');
    const nested = hits(load('apm-server__approved-hit-fields_TestIntakeLog_with_nested_ecs_fields.json') as unknown[], 'fields');
    expect(nested[0]).toMatchObject({ body: 'test log message with nested ecs fields', severityText: 'warn', severityNumber: 13, timeNs: 1662616049000000000n });
  });

  it('reads documents without trace context, falling back to error.exception for the message', () => {
    const logs = hits(load('apm-server__docs-generated_errors_source-docs.json') as unknown[]);
    expect(logs.map((l) => [l.service, l.traceId, l.spanId, l.body])).toEqual([
      ['1234_service-12a3', null, null, "Cannot read property 'baz' of undefined"],
      ['abc', null, null, 'My service could not talk to the database named foobar'],
      ['1234_service-12a3', null, null, ''],
      ['1234_service-12a3', null, null, 'foo is not defined'],
    ]);
    expect(logs[1]!.timeNs).toBe(1494342245999000000n);
  });

  it('reads the apm-server _search response: every hit, hits.total as {value, relation}', () => {
    const { sink, logs } = collect();
    const page = searchResponse(load('apm-server__es-7.17-_search-response_apm-docs.json'), ECS, sink);
    expect(page).toEqual({ hits: 8, total: { value: 8, relation: 'eq' }, lastSort: null });
    expect(logs[0]).toMatchObject({ body: 'boom', service: 'main', traceId: '5cfc595035477ea235a632fc3e2bb6b1', timeNs: 1662954770939000000n });
    expect(logs[6]).toMatchObject({ traceId: '5cfc595035477ea235a632fc3e2bb6b1', spanId: '7bd04bc3063f9930' });
    expect(logs.map((l) => l.attributes._index)).toContain('apm-7.17.6-metric-000001');
  });
});

describe('OTel-native and configured field names', () => {
  // The collector's OTel-native mapping as FORMATS.md §7 describes it (no permissively licensed sample exists):
  // top-level trace_id/span_id/severity_*, resource.attributes, and @timestamp as epoch ms with a fraction.
  const OTEL_NATIVE = {
    '@timestamp': '1705314600123.456789',
    body: { text: 'payment declined' },
    severity_text: 'WARN',
    severity_number: 13,
    trace_id: 'A3CE929D0E0E47364BF92F3577B34DA6',
    span_id: '00f067aa0ba902b7',
    resource: { attributes: { 'service.name': 'payment', 'k8s.pod.name': 'payment-7d9' } },
    attributes: { 'card.kind': 'visa' },
  };

  it('reads the OTel-native mapping with the default (ECS) configuration', () => {
    const [log] = hits([OTEL_NATIVE]);
    expect(log).toMatchObject({
      timeNs: 1705314600123456789n,
      body: 'payment declined',
      severityText: 'WARN',
      severityNumber: 13,
      traceId: 'a3ce929d0e0e47364bf92f3577b34da6',
      spanId: '00f067aa0ba902b7',
      service: 'payment',
      resource: { 'service.name': 'payment', 'k8s.pod.name': 'payment-7d9' },
    });
    expect(log!.attributes).toMatchObject({ 'attributes.card.kind': 'visa', trace_id: 'A3CE929D0E0E47364BF92F3577B34DA6' });
    expect(Object.keys(log!.attributes).some((k) => k.startsWith('resource.'))).toBe(false);
  });

  it('uses the configured field names first', () => {
    const names = searchEngineOptions.parse({ fields: { traceId: 'ctx.tid', service: 'app', timestamp: 'ts', message: 'text', level: 'sev' } }).fields;
    const [log] = hits([{ ts: 1705314600123, text: 'hi', app: 'cart', sev: 'error', ctx: { tid: '4bf92f3577b34da6' }, trace: { id: 'ffffffffffffffffffffffffffffffff' } }], '_source', names);
    expect(log).toMatchObject({ timeNs: 1705314600123000000n, body: 'hi', service: 'cart', severityNumber: 17, traceId: '00000000000000004bf92f3577b34da6' });
  });

  it('ignores id fields that are not hex ids rather than inventing a trace', () => {
    const [log] = hits([{ '@timestamp': '2024-01-01T00:00:00Z', trace: { id: 'n/a' }, span: { id: 12 } }]);
    expect(log).toMatchObject({ traceId: null, spanId: null, service: 'unknown_service', body: '' });
  });
});

describe('search answers', () => {
  it('takes hits.total as a plain number (ES 6, rest_total_hits_as_int) and the last hit\'s sort values', () => {
    const { sink } = collect();
    const page = searchResponse({ hits: { total: 2, hits: [{ _source: { '@timestamp': 5 }, sort: [5, 1] }, { _source: { '@timestamp': 4 }, sort: [4, 9] }] } }, ECS, sink);
    expect(page).toEqual({ hits: 2, total: { value: 2, relation: 'eq' }, lastSort: [4, 9] });
  });

  it('refuses partial answers and other products\' JSON, naming what is wrong', () => {
    const { sink } = collect();
    const shardFailure = { _shards: { total: 3, failed: 1, failures: [{ reason: { type: 'query_shard_exception', reason: 'failed to create query' } }] }, hits: { hits: [] } };
    expect(() => searchResponse(shardFailure, ECS, sink)).toThrow(/1 of 3 shards failed \(query_shard_exception: failed to create query\); the answer would be partial/);
    expect(() => searchResponse({ timed_out: true, hits: { hits: [] } }, ECS, sink)).toThrow(/timed out .*partial/);
    expect(() => searchResponse({ status: 'success', data: { resultType: 'streams' } }, ECS, sink)).toThrow(/not an Elasticsearch\/OpenSearch _search response .*keys: status, data/);
    expect(() => searchResponse({ hits: { hits: [{ _source: { message: 'x' } }] } }, ECS, sink)).toThrow(/hits\.hits\[0\]: the document has no @timestamp/);
    expect(() => searchResponse({ hits: { hits: [{ _source: { '@timestamp': 'yesterday' } }] } }, ECS, sink)).toThrow(/hits\.hits\[0\]\.@timestamp: expected a date/);
  });
});

describe('timeNs', () => {
  it('is exact to the nanosecond for every form the engines return', () => {
    expect(timeNs('2024-03-12T20:00:41.123456789Z', 't')).toBe(1710273641123456789n);
    expect(timeNs('2024-03-12T22:00:41.5+02:00', 't')).toBe(1710273641500000000n);
    expect(timeNs('2024-03-12T20:00:41', 't')).toBe(1710273641000000000n);
    expect(timeNs(1710273641123, 't')).toBe(1710273641123000000n);
    expect(timeNs('1710273641123.000001', 't')).toBe(1710273641123000001n);
  });
});
