import { describe, expect, it } from 'vitest';
import { exactSortValues, jsonWithBigInts } from './exact-json.js';
import { FormatError } from './records.js';
import type { Json } from './values.js';

/** A _search answer as the engine writes it: integers beyond 2^53 written in full. */
const ANSWER = `{"took":3,"timed_out":false,"hits":{"hits":[
{"_index":"logs-a","_id":"1","_score":null,"_source":{"message":"say \\"sort\\":[1,2]","sort":[7,8]},"sort":[1704067200123456789,41]},
{"_index":"logs-a","_id":"2","_score":null,"_source":{"@timestamp":"2024-01-01T00:00:00.123456788Z","sort":[1704067200123456788,40]},"sort" : [ 1704067200123456788 , 40 ]}]}}`;

/** What JSON.parse makes of an epoch-ns integer: the nearest double. */
const ROUNDED = Number('1704067200123456789');

function lastParsedSort(text: string): Json[] {
  const body = JSON.parse(text) as { hits: { hits: { sort: Json[] }[] } };
  return body.hits.hits.at(-1)!.sort;
}

describe('exactSortValues', () => {
  it('reads the last hit’s date_nanos sort value to the nanosecond', () => {
    const parsed = lastParsedSort(ANSWER);
    // What JSON.parse alone keeps: rounded to a multiple of 256 ns.
    expect(BigInt(parsed[0] as number)).not.toBe(1704067200123456788n);
    expect(exactSortValues(ANSWER, parsed)).toEqual([1704067200123456788n, 40]);
  });

  it('returns exact values without reading the text (ms dates, _doc, strings)', () => {
    expect(exactSortValues('', [1704067200123, 5, '2024-01-01T00:00:00.123456789Z'])).toEqual([1704067200123, 5, '2024-01-01T00:00:00.123456789Z']);
  });

  it('does not take a "sort" of the document’s own source whose values differ', () => {
    const text = `{"hits":{"hits":[{"sort":[1704067200123456789,3],"_source":{"sort":[1,2]}}]}}`;
    expect(exactSortValues(text, [ROUNDED, 3])).toEqual([1704067200123456789n, 3]);
  });

  it('refuses values it cannot read exactly, naming the field', () => {
    expect(() => exactSortValues('{"hits":{"hits":[]}}', [ROUNDED, 3])).toThrow(FormatError);
    expect(() => exactSortValues('{}', [ROUNDED])).toThrow(/hits\.hits\[-1\]\.sort: .*too large to read exactly/);
  });
});

describe('jsonWithBigInts', () => {
  it('writes BigInt as a plain integer and leaves everything else as JSON.stringify writes it', () => {
    const body = { size: 5, search_after: [1704067200123456788n, 40], query: { query_string: { query: '"1704" -x' } } };
    const text = jsonWithBigInts(body);
    expect(text).toBe('{"size":5,"search_after":[1704067200123456788,40],"query":{"query_string":{"query":"\\"1704\\" -x"}}}');
    expect(jsonWithBigInts({ a: [1, 'b'] })).toBe(JSON.stringify({ a: [1, 'b'] }));
  });
});
