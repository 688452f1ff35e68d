import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { traceQuery } from '../../../shared/source-pulls.js';
import { searchTraceIds, tagValuesOf, tempoSearchParams } from './tempo-query.js';

const WINDOW = { startNs: 1_701_778_000_000_000_000n, endNs: 1_701_778_100_000_000_000n };

describe('Tempo search answers', () => {
  it('reads the trace ids of the upstream search sample, padded to 32 hex characters', () => {
    const body = JSON.parse(readFileSync(join(UPSTREAM, 'tempo', 'kiali__tempo-search-response_bookinfo.json'), 'utf8')) as unknown;
    expect(searchTraceIds(body)).toEqual(['100cb753c787ed5657c8d88dafc176ed']);
    expect(searchTraceIds({ traces: [{ traceID: '123456789abcdef' }, { traceID: '0123456789ABCDEF' }] })).toEqual(['00000000000000000123456789abcdef']);
  });

  it('takes an answer without `traces` (gogo jsonpb leaves out an empty list) as no traces, and refuses other shapes', () => {
    expect(searchTraceIds({ metrics: { inspectedBytes: '0' } })).toEqual([]);
    expect(searchTraceIds({ data: [], total: 0 })).toBeNull();
    expect(() => searchTraceIds({ traces: [{ traceID: 'not-hex' }] })).toThrow(/search result trace id "not-hex" is not hex/);
  });

  it('reads tag values in the v1 (strings) and v2 ({type, value}) forms', () => {
    expect(tagValuesOf({ tagValues: ['b', 'a', 'a'] })).toEqual(['a', 'b']);
    expect(tagValuesOf({ tagValues: [{ type: 'string', value: 'GET /' }], metrics: {} })).toEqual(['GET /']);
    expect(tagValuesOf({ metrics: {} })).toEqual([]);
    expect(tagValuesOf({ status: 'success', data: ['x'] })).toBeNull();
  });
});

describe('Tempo search parameters', () => {
  it('refuses a tag name logfmt cannot carry, and TraceQL mixed with tags', () => {
    expect(tempoSearchParams(traceQuery.parse({ tags: { 'bad key': 'v' } }), WINDOW)).toMatch(/the tag name "bad key" cannot be sent to Tempo/);
    expect(tempoSearchParams(traceQuery.parse({ traceql: '{}', operation: 'GET' }), WINDOW)).toMatch(/give either TraceQL or service\/operation\/tags/);
  });

  it('leaves tags and q out of a plain search over the window', () => {
    expect(tempoSearchParams(traceQuery.parse({}), WINDOW)).toEqual({ q: undefined, tags: undefined, minDuration: undefined, maxDuration: undefined, limit: 20, start: '1701778000', end: '1701778100' });
  });
});
