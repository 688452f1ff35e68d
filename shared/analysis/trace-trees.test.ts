import { describe, expect, it } from 'vitest';
import { SPAN_KINDS, type Span, type SpanKind } from '../model.js';
import { generalTree, leanTree, TreeScratch, type TraceMembers, type TraceTrees } from './trace-trees.js';

/** A small deterministic generator (mulberry32): the shapes are random but every run sees the same ones. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A trace with the awkward parts the analysis meets: children outside or sticking out of their parents, equal ends,
 * zero-length spans, producer → consumer hops, FOLLOWS_FROM references, lost parents, a span naming itself, spans out
 * of start order, several roots.
 */
function randomTrace(seed: number, n: number): { spans: Span[]; starts: number[]; ends: number[] } {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const spans: Span[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < n; k++) {
    const id = `${seed.toString(16).padStart(8, '0')}${k.toString(16).padStart(8, '0')}`;
    let parentSpanId: string | null = null;
    let start = Math.floor(next() * 1000);
    let end = start + pick([0, 5, 50, 400, 1000]);
    const roll = next();
    if (k > 0 && roll < 0.8) {
      const p = Math.floor(next() * k);
      parentSpanId = spans[p]!.spanId;
      start = starts[p]! + pick([-20, 0, 10, 100, 300, 2000]);
      end = start + pick([0, 5, 50, 400, ends[p]! - starts[p]!]);
    } else if (k > 0 && roll < 0.88) parentSpanId = 'ffffffff00000000';
    else if (k > 0 && roll < 0.9) parentSpanId = id;
    const follows = parentSpanId !== null && next() < 0.1;
    spans.push({
      traceId: 't',
      spanId: id,
      parentSpanId,
      service: 's',
      name: 'n',
      kind: pick<SpanKind>(['server', 'client', 'internal', 'producer', 'consumer']),
      startNs: String(start),
      endNs: String(end),
      statusCode: 'unset',
      statusMessage: '',
      attributes: {},
      resource: {},
      events: [],
      links: follows ? [{ traceId: 't', spanId: parentSpanId!, attributes: { 'jaeger.ref_type': 'FOLLOWS_FROM' } }] : [],
      scope: null,
      sourceId: null,
    });
    starts.push(start);
    ends.push(end);
  }
  return { spans, starts, ends };
}

function treesFor(n: number, starts: number[], ends: number[]): TraceTrees {
  const min = Math.min(...starts);
  return {
    startNs: Float64Array.from(starts, (s) => s - min),
    endNs: Float64Array.from(ends, (e, k) => Math.max(starts[k]!, e) - min),
    parent: new Int32Array(n),
    childOffsets: new Int32Array(n + 1),
    children: new Int32Array(n),
    criticalNs: new Float64Array(n),
  };
}

describe('trace trees for the analysis', () => {
  it('builds in scratch arrays exactly the tree and critical path the waterfall’s modules build', () => {
    const scratch = new TreeScratch();
    let compared = 0;
    for (let seed = 1; seed <= 600; seed++) {
      // Mostly short traces (ids compared), some past the map and the comparator sort thresholds.
      const n = seed % 50 === 0 ? 120 : 1 + (seed % 40);
      const { spans, starts, ends } = randomTrace(seed, n);
      const members = Int32Array.from(spans.keys());
      const rootCandidates = members.filter((k) => spans[k]!.parentSpanId === null);
      const root = rootCandidates.length === 0 ? -1 : rootCandidates.reduce((a, b) => (starts[b]! < starts[a]! ? b : a));
      const trace: TraceMembers = { members, offset: 0, t: 0, root };
      scratch.ensure(n);
      spans.forEach((span, k) => {
        scratch.kinds[k] = SPAN_KINDS.indexOf(span.kind);
        scratch.followsFrom[k] = span.links.length > 0 ? 1 : 0;
      });
      const lean = treesFor(n, starts, ends);
      const general = treesFor(n, starts, ends);
      generalTree(spans, trace, general, scratch);
      if (!leanTree(spans, trace, lean, scratch)) continue;
      compared++;
      expect({ seed, parent: lean.parent, childOffsets: lean.childOffsets, children: lean.children, critical: lean.criticalNs }).toEqual({
        seed,
        parent: general.parent,
        childOffsets: general.childOffsets,
        children: general.children,
        critical: general.criticalNs,
      });
    }
    // Cycles cannot arise here (parents come earlier), so every trace went through the lean build.
    expect(compared).toBe(600);
  });

  it('leaves shared span ids and parent cycles to the general build', () => {
    const { spans, starts, ends } = randomTrace(7, 20);
    const trace: TraceMembers = { members: Int32Array.from(spans.keys()), offset: 0, t: 0, root: 0 };
    const scratch = new TreeScratch();
    scratch.ensure(20);
    const shared = spans.map((s, k) => (k === 5 ? { ...s, spanId: spans[4]!.spanId } : s));
    expect(leanTree(shared, trace, treesFor(20, starts, ends), scratch)).toBe(false);
    const cycle = spans.map((s, k) => (k === 1 ? { ...s, parentSpanId: spans[2]!.spanId } : k === 2 ? { ...s, parentSpanId: spans[1]!.spanId } : s));
    expect(leanTree(cycle, { ...trace, members: Int32Array.from(cycle.keys()) }, treesFor(20, starts, ends), scratch)).toBe(false);
  });
});
