import { describe, expect, it } from 'vitest';
import { graphShapeKey } from './graph-hash.js';

describe('graphShapeKey', () => {
  it('ignores order', () => {
    expect(graphShapeKey(['a', 'b'], ['a>b'], 'v1')).toBe(graphShapeKey(['b', 'a'], ['a>b'], 'v1'));
  });
  it('changes with any node, edge or variant', () => {
    const base = graphShapeKey(['a', 'b'], ['a>b'], 'v1');
    expect(graphShapeKey(['a', 'c'], ['a>b'], 'v1')).not.toBe(base);
    expect(graphShapeKey(['a', 'b'], ['b>a'], 'v1')).not.toBe(base);
    expect(graphShapeKey(['a', 'b'], ['a>b'], 'v2')).not.toBe(base);
    expect(graphShapeKey(['ab', 'c'], [], 'v1')).not.toBe(graphShapeKey(['a', 'bc'], [], 'v1'));
  });
});
