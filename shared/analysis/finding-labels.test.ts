import { describe, expect, it } from 'vitest';
import { findingLabel, findingMarks, statementSummary } from './finding-labels.js';
import type { Finding } from './types.js';

const base: Finding = {
  detector: 'n-plus-one-db',
  service: 'discounts',
  operation: 'ApplyDiscounts',
  occurrences: 3,
  traceIds: ['t'],
  spanIds: ['a', 'b'],
  costNs: '1',
  statement: 's',
  fix: 'f',
  fingerprint: 'x',
  query: 'SELECT id, percent_off FROM discounts WHERE item_id = ?',
  repeats: 38,
};

describe('finding labels', () => {
  it('say a statement by its verb and table', () => {
    expect(statementSummary('SELECT id, percent_off FROM discounts WHERE item_id = ?')).toBe('SELECT discounts');
    expect(statementSummary('insert into "public"."orders" (a) values (?)')).toBe('INSERT public.orders');
    expect(statementSummary('HGETALL cart:?')).toBe('HGETALL cart:?');
  });

  it('label an N+1 as its rows should read, and mark every span it names', () => {
    expect(findingLabel(base)).toBe('N+1: 38 × SELECT discounts');
    expect(findingLabel({ ...base, detector: 'sleep', query: 'sleep' })).toBe('sleep on the critical path');
    const marks = findingMarks([base, { ...base, detector: 'slow-db', spanIds: ['b', 'c'] }]);
    expect([...marks.keys()]).toEqual(['a', 'b', 'c']);
    expect(marks.get('b')!.label).toBe('N+1: 38 × SELECT discounts');
  });
});
