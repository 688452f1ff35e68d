import { describe, expect, it } from 'vitest';
import { jaegerSampleSpans, span } from '../../test/trace-samples.js';
import type { Span } from '../model.js';
import { criticalPath, criticalTime } from './critical-path.js';
import { buildSpanTree, columnsFromSpans, type SpanTree } from './span-tree.js';

/** The critical sections as "name [from,to]" in µs from the trace's start, latest first, as Jaeger UI lists them. */
function sections(spans: Span[], label: (s: Span) => string = (s) => s.spanId): string[] {
  const t: SpanTree = buildSpanTree(columnsFromSpans(spans).columns);
  const path = criticalPath(t);
  const all: { node: number; from: number; to: number }[] = [];
  for (const [node, list] of path.segments) for (const [from, to] of list) all.push({ node, from, to });
  all.sort((a, b) => b.to - a.to);
  return all.map(({ node, from, to }) => `${label(spans[node]!)} [${from / 1000},${to / 1000}]`);
}

describe('criticalPath on hand-built traces', () => {
  it('walks back from the last-finishing child, then to the child finishing just before it started', () => {
    // Jaeger UI's test2: A overlaps C but finishes after C started, so only C is critical.
    const spans = [span('X', null, 1, 101), span('A', 'X', 10, 50), span('C', 'X', 20, 60)];
    expect(sections(spans)).toEqual(['X [59,100]', 'C [19,59]', 'X [0,19]']);
  });

  it('takes every one of calls awaited back to back, each ending as the next starts, not only the last', () => {
    const spans = [span('P', null, 0, 100), span('Q1', 'P', 10, 40), span('Q2', 'P', 40, 70), span('Q3', 'P', 70, 90)];
    expect(sections(spans)).toEqual(['P [90,100]', 'Q3 [70,90]', 'Q2 [40,70]', 'Q1 [10,40]', 'P [0,10]']);
  });

  it('visits a zero-length child once and goes on past it', () => {
    const spans = [span('P', null, 0, 100), span('A', 'P', 20, 50), span('Z', 'P', 50, 50), span('B', 'P', 50, 80)];
    expect(sections(spans)).toEqual(['P [80,100]', 'B [50,80]', 'A [20,50]', 'P [0,20]']);
  });

  it('drops a child outside its parent (Jaeger UI test9)', () => {
    expect(sections([span('A', null, 10, 30), span('B', 'A', 1, 5)])).toEqual(['A [9,29]']);
  });

  it('trims a child that outlives its parent to the parent’s end', () => {
    const spans = [span('P', null, 0, 100), span('K', 'P', 60, 150), span('G', 'K', 120, 140)];
    // G starts after the trimmed K ends (100), so it is dropped too.
    expect(sections(spans)).toEqual(['K [60,100]', 'P [0,60]']);
  });

  it('does not wait for a consumer under a producer, nor for a FOLLOWS_FROM child', () => {
    const producer = [span('P', null, 0, 10, { kind: 'producer' }), span('C', 'P', 2, 9, { kind: 'consumer' })];
    expect(sections(producer)).toEqual(['P [0,10]']);
    const follows = [
      span('R', null, 0, 10),
      span('F', 'R', 2, 9, { links: [{ traceId: 'a'.repeat(32), spanId: 'R', attributes: { 'jaeger.ref_type': 'FOLLOWS_FROM' } }] }),
    ];
    expect(sections(follows)).toEqual(['R [0,10]']);
    // OTLP from the Collector's Jaeger receiver (and Jaeger JSON read now) says it with opentracing.ref_type.
    const otlp = [span('R', null, 0, 10), span('F', 'R', 2, 9, { links: [{ traceId: 'a'.repeat(32), spanId: 'R', attributes: { 'opentracing.ref_type': 'follows_from' } }] })];
    expect(sections(otlp)).toEqual(['R [0,10]']);
    // A follows_from link to a span other than the parent does not make the child non-blocking.
    const other = [span('R', null, 0, 10), span('F', 'R', 2, 9, { links: [{ traceId: 'a'.repeat(32), spanId: 'X', attributes: { 'opentracing.ref_type': 'follows_from' } }] })];
    expect(sections(other)).toEqual(['R [9,10]', 'F [2,9]', 'R [0,2]']);
  });

  it('walks a 200k-deep chain without recursion and sums critical time per span', () => {
    const n = 200_000;
    const spans = Array.from({ length: n }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 2 * n - i));
    const t = buildSpanTree(columnsFromSpans(spans).columns);
    const path = criticalPath(t);
    expect(path.segments.size).toBe(n);
    // Each span is critical for 1 µs at each end, the innermost for its whole 2 µs.
    expect(criticalTime(path, 0)).toBe(2000);
    expect(criticalTime(path, n - 1)).toBe(2000);
  });
});

describe('criticalPath on Jaeger UI’s own test traces', () => {
  it('critical-path testTrace: A waits on B, C and D in turn', () => {
    const spans = jaegerSampleSpans('jaeger-ui__critical-path-testTrace_envelope.json');
    expect(sections(spans, (s) => s.name)).toEqual([
      'O1 [90,100]',
      'O4 [60,90]',
      'O1 [50,60]',
      'O3 [40,50]',
      'O1 [30,40]',
      'O2 [10,30]',
      'O1 [0,10]',
    ]);
  });

  it('issue115: a span that only FOLLOWS_FROM the root is shown under it but is not waited on', () => {
    const spans = jaegerSampleSpans('jaeger-ui__issue115_follows-from_envelope.json');
    // "thread" runs inside "demo" (50.3–51.4 ms of 70.4 ms); were it a child, demo's wait on it would split demo.
    expect(buildSpanTree(columnsFromSpans(spans).columns).parent[0]).toBe(1);
    expect(sections(spans, (s) => s.name)).toEqual(['demo [0,70406]']);
  });

  it('overlapping children longer than the parent: the async tasks starting after it ends are not critical', () => {
    const spans = jaegerSampleSpans('jaeger-ui__stats_traceWithOverlappingChildrenLongerThanParent.json');
    expect(sections(spans, (s) => s.name)).toEqual(['send [25,40]', 'short child span [15,25]', 'send [0,15]']);
  });

  it('spanLongerAsParent: descends through the trimmed children to the two queries', () => {
    const spans = jaegerSampleSpans('jaeger-ui__stats_spanLongerAsParent.json');
    const label = (s: Span) => s.spanId.replace(/^0+/, '').slice(0, 4) || '0';
    expect(sections(spans, label)).toEqual([
      'ab49 [11157,12887]',
      '1 [10080,11157]',
      '6745 [10011,10080]',
      '4b52 [8509,10011]',
      'd72e [8366,8509]',
      '4b52 [7796,8366]',
      'afa5 [7381,7796]',
      '4b52 [2782,7381]',
      '6745 [1636,2782]',
      'ab49 [0,1636]',
    ]);
  });
});
