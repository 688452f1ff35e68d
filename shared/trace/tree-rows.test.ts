import { describe, expect, it } from 'vitest';
import { jaegerSampleSpans, span } from '../../test/trace-samples.js';
import type { Span } from '../model.js';
import { buildSpanTree, columnsFromSpans, type SpanTree } from './span-tree.js';
import { collapsedAncestors, memoTreeRows, rowInfo, treeRows, type RowOptions } from './tree-rows.js';

function tree(spans: Span[]): SpanTree {
  return buildSpanTree(columnsFromSpans(spans).columns);
}

/** Rows as "key@depth" plus a marker: "+" collapsed, ">" open with children. */
function visible(t: SpanTree, options: RowOptions = {}): string[] {
  const rows = treeRows(t, options);
  return Array.from({ length: rows.count }, (_, r) => {
    const info = rowInfo(t, rows, r);
    return `${info.key}@${info.depth}${info.isCollapsed ? '+' : info.hasChildren ? '>' : ''}`;
  });
}

//  r ─┬─ a ─┬─ a1
//     │     └─ a2 ── a2x
//     └─ b ─── b1
const SHOP = [
  span('r', null, 0, 100),
  span('b', 'r', 50, 90),
  span('a', 'r', 10, 40),
  span('a2', 'a', 20, 30),
  span('a1', 'a', 11, 15),
  span('a2x', 'a2', 21, 22, { error: true }),
  span('b1', 'b', 60, 70),
];

describe('treeRows', () => {
  it('lists every span parents-first, siblings by start, with depth and child markers', () => {
    expect(visible(tree(SHOP))).toEqual(['r@0>', 'a@1>', 'a1@2', 'a2@2>', 'a2x@3', 'b@1>', 'b1@2']);
  });

  it('hides a collapsed span’s subtree and marks it collapsed', () => {
    expect(visible(tree(SHOP), { collapsed: new Set(['a']) })).toEqual(['r@0>', 'a@1+', 'b@1>', 'b1@2']);
    expect(visible(tree(SHOP), { collapsed: new Set(['r']) })).toEqual(['r@0+']);
    // Collapsing a leaf changes nothing: it has nothing to hide.
    expect(visible(tree(SHOP), { collapsed: new Set(['a1']) })).toHaveLength(7);
  });

  it('collapses everything below a depth, except spans opened by hand', () => {
    expect(visible(tree(SHOP), { collapseBelowDepth: 1 })).toEqual(['r@0>', 'a@1+', 'b@1+']);
    expect(visible(tree(SHOP), { collapseBelowDepth: 0 })).toEqual(['r@0+']);
    expect(visible(tree(SHOP), { collapseBelowDepth: 1, expanded: new Set(['a']) })).toEqual([
      'r@0>',
      'a@1>',
      'a1@2',
      'a2@2+',
      'b@1+',
    ]);
  });

  it('keeps only included spans and the path to them when filtering', () => {
    const t = tree(SHOP);
    const include = new Uint8Array(SHOP.length);
    include[SHOP.findIndex((s) => s.spanId === 'a2x')] = 1;
    expect(visible(t, { include })).toEqual(['r@0>', 'a@1>', 'a2@2>', 'a2x@3']);
  });

  it('gives each row its parent’s row and each span its row (or -1 when hidden)', () => {
    const t = tree(SHOP);
    const rows = treeRows(t, { collapsed: new Set(['a2']) });
    const rowOf = (key: string) => rows.rowOfNode[t.indexOf(key)];
    expect(rowOf('a2x')).toBe(-1);
    expect(rows.parentRow[rowOf('b1')!]).toBe(rowOf('b'));
    expect(rows.parentRow[rowOf('r')!]).toBe(-1);
    expect(() => rowInfo(t, rows, rows.count)).toThrow(RangeError);
  });

  it('names the collapsed ancestors to open to reveal a span', () => {
    const t = tree(SHOP);
    expect(collapsedAncestors(t, t.indexOf('a2x'), { collapsed: new Set(['r', 'a2']) })).toEqual(['r', 'a2']);
    expect(collapsedAncestors(t, t.indexOf('a2x'), { collapseBelowDepth: 1 })).toEqual(['a', 'a2']);
    expect(collapsedAncestors(t, t.indexOf('b1'), {})).toEqual([]);
  });

  it('returns the same rows object for the same tree and option values', () => {
    const t = tree(SHOP);
    const rowsFor = memoTreeRows();
    const collapsed = new Set(['a']);
    const first = rowsFor(t, { collapsed });
    expect(rowsFor(t, { collapsed })).toBe(first);
    expect(rowsFor(t, { collapsed: new Set(['a']) })).not.toBe(first);
  });

  it('orders a real Jaeger sample as Jaeger UI does', () => {
    const spans = jaegerSampleSpans('jaeger-ui__happyTrace_non-hex-ids.json');
    const t = tree(spans);
    const rows = treeRows(t);
    const named = Array.from({ length: rows.count }, (_, r) => `${spans[rows.nodes[r]!]!.name}@${t.depth[rows.nodes[r]!]}`);
    expect(named).toEqual(['op1@0', 'op2@1', 'op2@2', 'op3@1', 'op1@1']);
  });

  it('flattens 1M spans (wide and a million deep) in linear time', () => {
    const n = 1_000_000;
    for (const shape of ['wide', 'deep'] as const) {
      const spanIds = Array.from({ length: n }, (_, i) => `s${i}`);
      const parentIds = spanIds.map((_, i) => (i === 0 ? null : shape === 'deep' ? `s${i - 1}` : `s${Math.floor((i - 1) / 8)}`));
      const starts = Float64Array.from({ length: n }, (_, i) => i);
      const t = buildSpanTree({ count: n, spanIds, parentIds, kinds: new Uint8Array(n), starts, ends: starts.map((s) => s + 5) });
      const began = performance.now();
      const rows = treeRows(t, { collapsed: new Set(['s1']) });
      const took = performance.now() - began;
      // ~20 ms before sibling grouping, about 1–2 s with it on a busy 2-core machine; the bound only catches a
      // quadratic slip (that would take minutes).
      expect(took).toBeLessThan(15_000);
      expect(rows.count).toBe(shape === 'deep' ? 2 : n - subtreeSize(t, t.indexOf('s1')) + 1);
    }
  });
});

function subtreeSize(t: SpanTree, node: number): number {
  let size = 0;
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    size++;
    for (let c = t.childOffsets[n]!; c < t.childOffsets[n + 1]!; c++) stack.push(t.children[c]!);
  }
  return size;
}
