import { describe, expect, it } from 'vitest';
import { jaegerSampleSpans, span } from '../../test/trace-samples.js';
import type { Span } from '../model.js';
import { buildSpanTree, childrenOf, columnsFromSpans, ORPHAN_CYCLE, ORPHAN_MISSING_PARENT, type SpanTree } from './span-tree.js';

function tree(spans: Span[]): SpanTree {
  return buildSpanTree(columnsFromSpans(spans).columns);
}

/** Span keys of a node's children, in the order the tree keeps them. */
function kids(t: SpanTree, key: string): string[] {
  return [...childrenOf(t, t.indexOf(key)!)].map((i) => t.keys[i]!);
}

function rootKeys(t: SpanTree): string[] {
  return [...t.roots].map((i) => t.keys[i]!);
}

describe('buildSpanTree', () => {
  it('links children to parents and sorts siblings by start, whatever the input order', () => {
    const t = tree([span('c', 'r', 30, 40), span('r', null, 0, 100), span('a', 'r', 10, 20), span('b', 'a', 12, 15)]);
    expect(rootKeys(t)).toEqual(['r']);
    expect(kids(t, 'r')).toEqual(['a', 'c']);
    expect(kids(t, 'a')).toEqual(['b']);
    expect([...t.depth]).toEqual([1, 0, 1, 2]);
    expect(t.maxDepth).toBe(2);
    expect(t.orphan.every((o) => o === 0)).toBe(true);
  });

  it('makes spans whose parent is missing roots, marked as orphans, in start order', () => {
    const t = tree([span('r', null, 0, 100), span('x', 'gone', 50, 60), span('y', 'x', 55, 58), span('w', 'gone2', 5, 6)]);
    expect(rootKeys(t)).toEqual(['r', 'w', 'x']);
    expect(t.orphan[t.indexOf('x')]).toBe(ORPHAN_MISSING_PARENT);
    expect(t.orphan[t.indexOf('r')]).toBe(0);
    expect(kids(t, 'x')).toEqual(['y']);
  });

  it('cuts parent cycles so every span is still in the tree exactly once', () => {
    const t = tree([span('a', 'b', 10, 20), span('b', 'a', 0, 30), span('s', 's', 40, 50)]);
    expect(rootKeys(t).sort()).toEqual(['b', 's']);
    expect(t.orphan[t.indexOf('b')]).toBe(ORPHAN_CYCLE);
    expect(kids(t, 'b')).toEqual(['a']);
    expect(kids(t, 'a')).toEqual([]);
    // A self-parented span names a parent that is not another span.
    expect(t.orphan[t.indexOf('s')]).toBe(ORPHAN_MISSING_PARENT);
  });

  it('puts the server half of a Zipkin shared span under its client half, and its children under the server', () => {
    const t = tree([
      span('root', null, 0, 100, { kind: 'server', service: 'web' }),
      span('rpc', 'root', 10, 90, { kind: 'client', service: 'web' }),
      span('rpc', 'root', 12, 88, { kind: 'server', service: 'api' }),
      span('db', 'rpc', 20, 30, { kind: 'client', service: 'api' }),
    ]);
    expect(t.keys).toEqual(['root', 'rpc~client', 'rpc~server', 'db']);
    expect(kids(t, 'root')).toEqual(['rpc~client']);
    expect(kids(t, 'rpc~client')).toEqual(['rpc~server']);
    expect(kids(t, 'rpc~server')).toEqual(['db']);
    expect(t.maxDepth).toBe(3);
  });

  it('gives repeated ids of the same kind distinct keys', () => {
    const t = tree([span('r', null, 0, 100), span('m', 'r', 10, 20, { kind: 'consumer' }), span('m', 'r', 30, 40, { kind: 'consumer' })]);
    expect(t.keys).toEqual(['r', 'm~consumer', 'm~consumer~2']);
    expect([t.indexOf('m~consumer'), t.indexOf('m~consumer~2'), t.indexOf('m'), t.indexOf('nope')]).toEqual([1, 2, -1, -1]);
  });

  it('builds a 1M-span trace without recursion (a chain a million deep)', () => {
    const n = 1_000_000;
    const spanIds: string[] = [];
    const parentIds: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      spanIds.push(`s${i}`);
      parentIds.push(i === 0 ? null : `s${i - 1}`);
    }
    const starts = Float64Array.from({ length: n }, (_, i) => i);
    const t = buildSpanTree({ count: n, spanIds, parentIds, kinds: new Uint8Array(n), starts, ends: starts.map((s) => s + 10) });
    expect(t.maxDepth).toBe(n - 1);
    expect(t.roots.length).toBe(1);
  });
});

describe('buildSpanTree on upstream Jaeger samples', () => {
  it('happyTrace: X with children A (with B), C and D', () => {
    const spans = jaegerSampleSpans('jaeger-ui__happyTrace_non-hex-ids.json');
    const t = tree(spans);
    const nameOf = (i: number) => spans[i]!.name;
    expect(t.roots.length).toBe(1);
    const root = t.roots[0]!;
    expect(nameOf(root)).toBe('op1');
    const rootKids = [...childrenOf(t, root)];
    expect(rootKids.map((i) => spans[i]!.startNs)).toEqual([...rootKids.map((i) => spans[i]!.startNs)].sort());
    expect(rootKids.map(nameOf)).toEqual(['op2', 'op3', 'op1']);
    expect([...childrenOf(t, rootKids[0]!)].map(nameOf)).toEqual(['op2']);
  });

  it('spanLongerAsParent: two spans share the first one’s parent, and children nest four deep', () => {
    const spans = jaegerSampleSpans('jaeger-ui__stats_spanLongerAsParent.json');
    const t = tree(spans);
    expect(t.roots.length).toBe(1);
    expect(spans[t.roots[0]!]!.name).toBe('GET /api/customer/owners/8/pets/10');
    expect(t.maxDepth).toBe(3);
    const queries = spans.map((s, i) => [s, i] as const).filter(([s]) => s.name === 'HikariProxyPreparedStatement.executeQuery');
    for (const [, i] of queries) expect(t.depth[i]).toBe(3);
  });
});
