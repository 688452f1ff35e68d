import { describe, expect, it } from 'vitest';
import { GROUP_LABEL, GROUP_PADDING, NODE_BOX, layoutGraph, verticalStretch, type LayoutRequest } from './graph-layout.js';
import { adjacency, assignLayers, breadthFirstDepth, callLayers } from './layered-placement.js';

function request(nodeCount: number, edges: [number, number][], groups: number[] = [], groupCount = 0): LayoutRequest {
  const groupOf = new Int32Array(nodeCount).fill(-1);
  groups.forEach((g, v) => (groupOf[v] = g));
  return { nodeCount, groupOf, groupCount, edges: Uint32Array.from(edges.flat()) };
}

function overlaps(x: Float64Array, y: Float64Array): number {
  let count = 0;
  for (let a = 0; a < x.length; a++) {
    for (let b = a + 1; b < x.length; b++) {
      if (Math.abs(x[a]! - x[b]!) < NODE_BOX.width && Math.abs(y[a]! - y[b]!) < NODE_BOX.height) count++;
    }
  }
  return count;
}

describe('layoutGraph', () => {
  it('puts callees to the right of their callers, by call depth', () => {
    // frontend → checkout → discounts → shop, frontend → discounts
    const { x } = layoutGraph(request(4, [[0, 1], [1, 2], [2, 3], [0, 2]]));
    expect(x[0]).toBeLessThan(x[1]!);
    expect(x[1]).toBeLessThan(x[2]!);
    expect(x[2]).toBeLessThan(x[3]!);
  });

  it('survives cycles and keeps every node apart', () => {
    const { x, y } = layoutGraph(request(3, [[0, 1], [1, 2], [2, 0]]));
    expect(overlaps(x, y)).toBe(0);
    expect([...x, ...y].every(Number.isFinite)).toBe(true);
  });

  it('keeps a group’s members together in a box no other node enters', () => {
    // Nodes 0–3 form group 0; 4 and 5 are ungrouped callers and callees.
    const { x, y } = layoutGraph(request(6, [[4, 0], [0, 1], [1, 2], [3, 5], [4, 3]], [0, 0, 0, 0], 1));
    const minX = Math.min(...[0, 1, 2, 3].map((v) => x[v]!)) - NODE_BOX.width / 2 - GROUP_PADDING;
    const maxX = Math.max(...[0, 1, 2, 3].map((v) => x[v]!)) + NODE_BOX.width / 2 + GROUP_PADDING;
    const minY = Math.min(...[0, 1, 2, 3].map((v) => y[v]!)) - NODE_BOX.height / 2 - GROUP_PADDING - GROUP_LABEL;
    const maxY = Math.max(...[0, 1, 2, 3].map((v) => y[v]!)) + NODE_BOX.height / 2 + GROUP_PADDING;
    for (const outside of [4, 5]) {
      const inside = x[outside]! > minX && x[outside]! < maxX && y[outside]! > minY && y[outside]! < maxY;
      expect(inside).toBe(false);
    }
    expect(overlaps(x, y)).toBe(0);
  });

  it('reports each group’s box around its members', () => {
    const { x, y, groups } = layoutGraph(request(5, [[4, 0], [0, 1], [1, 2]], [0, 0, 0, 0], 1));
    const [cx, cy, width, height] = [...groups];
    for (const v of [0, 1, 2, 3]) {
      expect(Math.abs(x[v]! - cx!)).toBeLessThan(width! / 2);
      expect(Math.abs(y[v]! - cy!)).toBeLessThan(height! / 2);
    }
    expect(Math.abs(x[4]! - cx!) > width! / 2 || Math.abs(y[4]! - cy!) > height! / 2).toBe(true);
  });

  it('lays out 5,000 nodes and 15,000 edges without overlaps, on a screen-shaped canvas, quickly', () => {
    const n = 5000;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    // Tiers as in a real system (edge → API → domain services → stores), calls going one or two tiers down.
    const tierOf = (v: number) => Math.floor((v / n) * 6);
    const edges: [number, number][] = [];
    while (edges.length < 15_000) {
      const s = Math.floor(random() * n);
      const t = Math.floor(random() * n);
      if (tierOf(t) - tierOf(s) === 1 || tierOf(t) - tierOf(s) === 2) edges.push([s, t]);
    }
    const groups = [...Array(n).keys()].map((v) => (v % 3 === 0 ? -1 : v % 50));
    const started = performance.now();
    const { x, y } = layoutGraph(request(n, edges, groups, 50));
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3000); // generous for a loaded CI machine; typically far less
    const width = Math.max(...x) - Math.min(...x);
    const height = Math.max(...y) - Math.min(...y);
    expect(width / height).toBeGreaterThan(0.5);
    expect(width / height).toBeLessThan(6);
    // Spot-check spacing: sort by x, then compare near neighbours only (the full check is O(n²)).
    const order = [...Array(n).keys()].sort((a, b) => x[a]! - x[b]!);
    let clashes = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n && x[order[j]!]! - x[order[i]!]! < NODE_BOX.width; j++) {
        if (Math.abs(y[order[i]!]! - y[order[j]!]!) < NODE_BOX.height) clashes++;
      }
    }
    expect(clashes).toBe(0);
  });
});

describe('assignLayers', () => {
  it('gives each node its longest call depth and ignores back edges', () => {
    const out = [[1, 2], [2], [0]];
    const inc = [[2], [0], [0, 1]];
    expect([...assignLayers(3, out, inc)]).toEqual([0, 1, 2]);
  });
});

describe('callLayers', () => {
  it('falls back to breadth-first call depth when longest paths would make a long chain', () => {
    // A hub calls 30 services which also call each other in a chain: longest path is 31 deep, call depth 2.
    const edges: [number, number][] = [];
    for (let v = 1; v <= 30; v++) edges.push([0, v]);
    for (let v = 1; v < 30; v++) edges.push([v, v + 1]);
    edges.push([30, 31]);
    const { out, inc } = adjacency(32, edges);
    const layers = callLayers(32, out, inc);
    expect(Math.max(...layers)).toBe(2);
    expect(layers[0]).toBe(0);
    expect(layers[31]).toBe(2);
  });

  it('keeps longest paths for a shallow graph, so every call points right', () => {
    const { out, inc } = adjacency(4, [[0, 1], [1, 2], [0, 2], [2, 3]]);
    expect([...callLayers(4, out, inc)]).toEqual([0, 1, 2, 3]);
  });

  it('starts a cycle nobody enters at its busiest member', () => {
    const { out, inc } = adjacency(3, [[0, 1], [1, 0], [1, 2]]);
    const layers = breadthFirstDepth(3, out, inc);
    expect(layers[1]).toBe(0);
  });
});


describe('verticalStretch', () => {
  const positions = { x: Float64Array.from([0, 1000, 2000]), y: Float64Array.from([0, 100, 0]), groups: new Float64Array(0) };
  it('spreads a wide drawing towards the viewport’s shape, at most 3×', () => {
    expect(verticalStretch(positions, 800, 800)).toBe(3);
    // 2,120 × 158 drawn (nodes' boxes included), a 2,120 × 316 viewport: twice as tall.
    expect(verticalStretch(positions, 2120, 316)).toBeCloseTo(2);
  });
  it('never squeezes a drawing taller than the viewport', () => {
    expect(verticalStretch({ x: Float64Array.from([0, 0]), y: Float64Array.from([0, 1000]), groups: new Float64Array(0) }, 800, 400)).toBe(1);
  });
});
