import { describe, expect, it } from 'vitest';
import { groupNodes, namespaceOf } from './grouping.js';

describe('namespaceOf', () => {
  it('takes the part before the first dot, slash or colon', () => {
    expect(namespaceOf('payments.api-17')).toBe('payments');
    expect(namespaceOf('payments/ledger')).toBe('payments');
    expect(namespaceOf('kafka:orders')).toBe('kafka');
  });
  it('leaves names without a namespace alone, hyphens included', () => {
    expect(namespaceOf('email-worker')).toBeNull();
    expect(namespaceOf('Service574')).toBeNull();
    expect(namespaceOf('.hidden')).toBeNull();
    expect(namespaceOf('trailing.')).toBeNull();
  });
});

describe('groupNodes', () => {
  it('groups only namespaces that two or more nodes share', () => {
    const groups = groupNodes(['payments.api-1', 'payments.api-2', 'search.api-1', 'frontend']);
    expect(Object.fromEntries(groups)).toEqual({
      'payments.api-1': 'payments',
      'payments.api-2': 'payments',
      'search.api-1': null,
      frontend: null,
    });
  });
});
