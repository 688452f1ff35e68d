import { describe, expect, it } from 'vitest';
import { blastRadius } from './blast-radius.js';

// The demo shop's shape, plus a cycle to prove the walk ends.
const edges = [
  { source: 'frontend', target: 'ads' }, // 0
  { source: 'frontend', target: 'discounts' }, // 1
  { source: 'frontend', target: 'checkout' }, // 2
  { source: 'checkout', target: 'discounts' }, // 3
  { source: 'discounts', target: 'shop' }, // 4
  { source: 'ads', target: 'redis' }, // 5
  { source: 'checkout', target: 'payment' }, // 6
  { source: 'payment', target: 'shop' }, // 7
  { source: 'a', target: 'b' }, // 8
  { source: 'b', target: 'a' }, // 9
];

describe('blastRadius', () => {
  it('finds transitive callers upstream and dependencies downstream', () => {
    const radius = blastRadius(edges, 'discounts');
    expect([...radius.upstream].sort()).toEqual(['checkout', 'frontend']);
    expect([...radius.downstream]).toEqual(['shop']);
    expect([...radius.edges].sort()).toEqual([1, 2, 3, 4]);
  });

  it('does not count siblings reached only through a caller', () => {
    const radius = blastRadius(edges, 'checkout');
    expect(radius.upstream.has('ads')).toBe(false);
    expect([...radius.downstream].sort()).toEqual(['discounts', 'payment', 'shop']);
  });

  it('ends on cycles and never lists the selected node itself', () => {
    const radius = blastRadius(edges, 'a');
    expect([...radius.upstream]).toEqual(['b']);
    expect([...radius.downstream]).toEqual(['b']);
  });
});
