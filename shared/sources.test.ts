import { describe, expect, it } from 'vitest';
import { DEFAULT_LOKI_DERIVED_FIELDS, missingSecrets, sourceConfig } from './sources.js';

describe('source config', () => {
  it('fills defaults per kind: Jaeger v1, Loki derived fields, ECS field names', () => {
    expect(sourceConfig.parse({ name: 'j', kind: 'jaeger', url: 'http://jaeger:16686' })).toEqual({
      name: 'j', kind: 'jaeger', url: 'http://jaeger:16686', auth: { type: 'none' }, tls: { skipVerify: false }, timeoutMs: 30_000, options: { apiVersion: 'v1' },
    });
    const loki = sourceConfig.parse({ name: 'l', kind: 'loki', url: 'https://loki.example/prefix', tenant: 'team-a' });
    expect(loki.kind === 'loki' && loki.options.derivedFields).toEqual(DEFAULT_LOKI_DERIVED_FIELDS);
    expect(DEFAULT_LOKI_DERIVED_FIELDS.filter((f) => f.from === 'json' && f.target === 'traceId').map((f) => f.key)).toEqual(['traceID', 'trace_id', 'traceId', 'trace.id']);
    const es = sourceConfig.parse({ name: 'e', kind: 'elasticsearch', url: 'https://es:9200', options: { fields: { message: 'msg' } } });
    expect(es.kind === 'elasticsearch' && es.options.fields).toEqual({ traceId: 'trace.id', spanId: 'span.id', service: 'service.name', level: 'log.level', timestamp: '@timestamp', message: 'msg' });
  });

  it('refuses unsafe names, non-http URLs, credentials in URLs and regexes without a capture group', () => {
    const issue = (input: unknown) => sourceConfig.safeParse(input).error?.issues[0];
    expect(issue({ name: '../x', kind: 'zipkin', url: 'http://z' })?.path).toEqual(['name']);
    expect(issue({ name: 'z', kind: 'zipkin', url: 'ftp://z' })?.path).toEqual(['url']);
    expect(issue({ name: 'z', kind: 'zipkin', url: 'http://user:pw@z' })?.path).toEqual(['url']);
    expect(issue({ name: 'l', kind: 'loki', url: 'http://l', options: { derivedFields: [{ target: 'traceId', from: 'regex', key: 'trace=[0-9a-f]+' }] } })?.path).toEqual(['options', 'derivedFields', 0, 'key']);
  });

  it('names the secrets an auth type needs', () => {
    const config = sourceConfig.parse({ name: 'k', kind: 'tempo', url: 'http://t', auth: { type: 'headers', names: ['X-Key', 'X-Org'] } });
    expect(missingSecrets(config, { headers: { 'X-Key': 'v' } })).toEqual(['header X-Org']);
  });
});
