import type { Span } from '../../model.js';
import { percentileOfSorted, latencyPercentiles } from '../../views/latency-stats.js';
import { TraceView } from '../detectors/trace-view.js';
import type { CriticalShare, Flow, FlowsResult } from './compare-types.js';

/** Nodes of a flow's critical path listed: the ones holding the most of its time. */
const CRITICAL_NODES = 12;

interface FlowAcc {
  service: string;
  operation: string;
  durations: number[];
  errors: number;
  /** service\0operation → critical time per trace (traces without the node are absent: zeros). */
  critical: Map<string, number[]>;
  criticalTotal: Map<string, number>;
}

/** The entry span of a trace: its earliest root (a span without a parent in the trace). */
function entryOf(view: TraceView): Span | undefined {
  const roots = view.roots();
  return roots.length === 0 ? undefined : view.spans[roots[0]!];
}

/**
 * Entry operations (the root span's service and name) with rate, errors, p50/p95/p99, and the aggregated critical
 * path: per service+operation, its own time on each trace's critical path, at the median and 95th percentile over
 * the flow's traces and as a share of the flow's total end-to-end time.
 */
export function flows(traces: Iterable<readonly Span[]>, windowNs: number): FlowsResult {
  const accs = new Map<string, FlowAcc>();
  for (const spans of traces) {
    if (spans.length === 0) continue;
    const view = new TraceView(spans);
    const entry = entryOf(view);
    if (entry === undefined) continue;
    const key = `${entry.service}\u0000${entry.name}`;
    let acc = accs.get(key);
    if (acc === undefined) {
      acc = { service: entry.service, operation: entry.name, durations: [], errors: 0, critical: new Map(), criticalTotal: new Map() };
      accs.set(key, acc);
    }
    acc.durations.push(view.durationOf(entry));
    if (spans.some((s) => s.statusCode === 'error')) acc.errors++;
    const perNode = new Map<string, number>();
    for (const span of spans) {
      const t = view.criticalSelfTime(span);
      if (t <= 0) continue;
      const node = `${span.service}\u0000${span.name}`;
      perNode.set(node, (perNode.get(node) ?? 0) + t);
    }
    for (const [node, t] of perNode) {
      const list = acc.critical.get(node);
      if (list) list.push(t);
      else acc.critical.set(node, [t]);
      acc.criticalTotal.set(node, (acc.criticalTotal.get(node) ?? 0) + t);
    }
  }
  const seconds = Math.max(windowNs, 1) / 1e9;
  const result: Flow[] = [...accs.values()].map((acc) => {
    const n = acc.durations.length;
    const totalTime = acc.durations.reduce((a, b) => a + b, 0);
    const p = latencyPercentiles(Float64Array.from(acc.durations));
    const criticalPath: CriticalShare[] = [...acc.critical].map(([node, times]) => {
      const [service, operation] = node.split('\u0000') as [string, string];
      const all = new Float64Array(n);
      all.set(times);
      all.sort();
      return { service, operation, p50Ns: percentileOfSorted(all, 0.5) ?? 0, p95Ns: percentileOfSorted(all, 0.95) ?? 0, share: acc.criticalTotal.get(node)! / Math.max(1, totalTime) };
    });
    criticalPath.sort((a, b) => b.share - a.share);
    return {
      service: acc.service,
      operation: acc.operation,
      count: n,
      rate: n / seconds,
      errors: acc.errors,
      errorRate: acc.errors / n,
      p50Ns: p.p50Ns ?? 0,
      p95Ns: p.p95Ns ?? 0,
      p99Ns: p.p99Ns ?? 0,
      criticalPath: criticalPath.slice(0, CRITICAL_NODES),
    };
  });
  result.sort((a, b) => b.count - a.count || a.service.localeCompare(b.service));
  return { windowNs, flows: result };
}
