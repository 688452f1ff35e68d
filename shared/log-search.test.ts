import { describe, expect, it } from 'vitest';
import { widerSearch } from './log-search.js';

describe('widerSearch', () => {
  it('turns every word into a prefix', () => {
    expect(widerSearch('sleep')).toBe('sleep*');
    expect(widerSearch('pool exhausted')).toBe('pool* exhausted*');
    expect(widerSearch('user-id: 42')).toBe('user*-id*: 42*');
  });

  it('has nothing wider to offer when every word is a prefix already, or there is no word', () => {
    expect(widerSearch('sleep*')).toBeNull();
    expect(widerSearch('"-"')).toBeNull();
  });
});
