import { describe, expect, it } from 'vitest';
import { GROUP_BY_WORD_ABOVE, groupNodes, namespaceOf } from './grouping.js';

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

  it('groups a big fleet with no namespaces by the names\' first word, and leaves smaller or namespaced graphs alone', () => {
    const fleet = Array.from({ length: GROUP_BY_WORD_ABOVE + 1 }, (_, i) => `${['core', 'api', 'edge'][i % 3]}-${i}`);
    const groups = groupNodes([...fleet, 'checkout_worker', 'checkout-api', 'frontend']);
    expect(groups.get('core-0')).toBe('core');
    expect(groups.get('api-1')).toBe('api');
    expect(groups.get('checkout_worker')).toBe('checkout');
    expect(groups.get('checkout-api')).toBe('checkout');
    expect(groups.get('frontend')).toBeNull();
    expect(new Set(groups.values())).toEqual(new Set(['core', 'api', 'edge', 'checkout', null]));
    // Below the size, or with namespaces in use, words do not group.
    expect([...groupNodes(fleet.slice(0, GROUP_BY_WORD_ABOVE)).values()].every((g) => g === null)).toBe(true);
    expect(groupNodes([...fleet, 'payments.api', 'payments.ledger']).get('core-0')).toBeNull();
  });
});
