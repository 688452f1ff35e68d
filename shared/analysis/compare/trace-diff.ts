import type { Span } from '../../model.js';
import type { DiffNode, TraceDiffResult } from './compare-types.js';

interface Side {
  count: number;
  duration: number;
}

/** Spans keyed by their service:operation path from the root, summed per path: one trace folded. */
function foldTrace(spans: readonly Span[], into: Map<string, Side & { service: string; operation: string; depth: number }>): number {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const paths = new Map<Span, string>();
  const depths = new Map<Span, number>();
  const pathOf = (span: Span): string => {
    const known = paths.get(span);
    if (known !== undefined) return known;
    // Walk up iteratively (deep traces), then fill the paths top-down.
    const chain: Span[] = [];
    const seen = new Set<Span>();
    let cur: Span | undefined = span;
    while (cur !== undefined && !paths.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      chain.push(cur);
      cur = cur.parentSpanId === null ? undefined : byId.get(cur.parentSpanId);
    }
    let prefix = cur !== undefined && paths.has(cur) ? paths.get(cur)! : '';
    let depth = cur !== undefined && depths.has(cur) ? depths.get(cur)! + 1 : 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i]!;
      prefix = prefix === '' ? `${s.service}:${s.name}` : `${prefix} > ${s.service}:${s.name}`;
      paths.set(s, prefix);
      depths.set(s, depth++);
    }
    return paths.get(span)!;
  };
  let start: bigint | null = null;
  let end: bigint | null = null;
  for (const span of spans) {
    const path = pathOf(span);
    const s = BigInt(span.startNs);
    const e = BigInt(span.endNs);
    const d = Number(e - s);
    if (start === null || s < start) start = s;
    if (end === null || e > end) end = e;
    let node = into.get(path);
    if (node === undefined) {
      node = { count: 0, duration: 0, service: span.service, operation: span.name, depth: depths.get(span)! };
      into.set(path, node);
    }
    node.count++;
    node.duration += d;
  }
  return start === null || end === null ? 0 : Number(end - start);
}

/**
 * Two traces, or two groups of traces (v1 vs v2, fast vs slow), merged on service:operation paths: per path the mean
 * number of spans and the mean time per trace on each side, so both structure (spans on one side only, calls repeated
 * more often) and time show; largest time difference first. Jaeger UI's comparison shows the structure only.
 */
export function diffTraces(a: readonly (readonly Span[])[], b: readonly (readonly Span[])[]): TraceDiffResult {
  const foldSide = (traces: readonly (readonly Span[])[]) => {
    const nodes = new Map<string, Side & { service: string; operation: string; depth: number }>();
    let total = 0;
    for (const spans of traces) total += foldTrace(spans, nodes);
    return { nodes, meanDuration: total / Math.max(1, traces.length), n: Math.max(1, traces.length) };
  };
  const A = foldSide(a);
  const B = foldSide(b);
  const nodes: DiffNode[] = [];
  for (const path of new Set([...A.nodes.keys(), ...B.nodes.keys()])) {
    const x = A.nodes.get(path);
    const y = B.nodes.get(path);
    const meta = (x ?? y)!;
    const countA = (x?.count ?? 0) / A.n;
    const countB = (y?.count ?? 0) / B.n;
    const change: DiffNode['change'] = x === undefined ? 'only-b' : y === undefined ? 'only-a' : countB > countA * 1.2 + 0.01 ? 'more-calls' : countA > countB * 1.2 + 0.01 ? 'fewer-calls' : 'same';
    nodes.push({ path, service: meta.service, operation: meta.operation, depth: meta.depth, countA, countB, durationA: (x?.duration ?? 0) / A.n, durationB: (y?.duration ?? 0) / B.n, change });
  }
  nodes.sort((p, q) => Math.abs(q.durationB - q.durationA) - Math.abs(p.durationB - p.durationA) || p.path.localeCompare(q.path));
  return { tracesA: a.length, tracesB: b.length, durationA: A.meanDuration, durationB: B.meanDuration, nodes };
}
