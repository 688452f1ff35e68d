import { describe, expect, it } from 'vitest';
import { NODE_BOX, type LayoutPositions } from './graph-layout.js';
import { keepKnownPositions, type Point } from './stable-positions.js';

const layout = (points: [number, number][]): LayoutPositions => ({
  x: Float64Array.from(points, (p) => p[0]),
  y: Float64Array.from(points, (p) => p[1]),
  groups: new Float64Array(0),
});

describe('keepKnownPositions', () => {
  it('puts known nodes back where they were and moves new ones with them, without overlaps', () => {
    const previous = new Map<string, Point>([
      ['frontend', { x: 0, y: 0 }],
      ['ads', { x: 200, y: 0 }],
    ]);
    // The fresh layout moved everything 500 px right and swapped the two known nodes' rows.
    const fresh = layout([
      [500, 100],
      [700, 0],
      [700, 100],
    ]);
    const kept = keepKnownPositions(['frontend', 'ads', 'apip'], fresh, previous);
    expect([kept.x[0], kept.y[0]]).toEqual([0, 0]);
    expect([kept.x[1], kept.y[1]]).toEqual([200, 0]);
    // apip: fresh position shifted by the median move of the known nodes, then pushed clear of ads.
    const apip = { x: kept.x[2]!, y: kept.y[2]! };
    for (const p of [...previous.values()]) {
      expect(Math.abs(p.x - apip.x) >= NODE_BOX.width || Math.abs(p.y - apip.y) >= NODE_BOX.height).toBe(true);
    }
    expect(Math.abs(apip.x - 200)).toBeLessThan(NODE_BOX.width * 2);
  });

  it('puts nodes unrelated to the known ones together below the known drawing', () => {
    const previous = new Map<string, Point>([
      ['frontend', { x: 0, y: 0 }],
      ['ads', { x: 200, y: 0 }],
    ]);
    // api → apip, no call to or from frontend/ads; the fresh layout put them between the known nodes.
    const fresh = layout([
      [0, 0],
      [400, 0],
      [200, 0],
      [400, 0],
    ]);
    const kept = keepKnownPositions(['frontend', 'ads', 'api', 'apip'], fresh, previous, Uint32Array.from([2, 3, 0, 1]));
    expect(kept.y[2]).toBeGreaterThan(NODE_BOX.height);
    expect(kept.y[3]).toBe(kept.y[2]);
    expect(kept.x[2]).toBe(0);
    expect(kept.x[3]! - kept.x[2]!).toBe(200);
  });

  it('returns the fresh layout when no node is known', () => {
    const fresh = layout([[1, 2]]);
    expect(keepKnownPositions(['x'], fresh, new Map())).toBe(fresh);
  });
});
