import type { Span } from '../../model.js';
import { criticalPath, criticalTime, type CriticalPath } from '../../trace/critical-path.js';
import { buildSpanTree, childrenOf, columnsFromSpans, type SpanTree } from '../../trace/span-tree.js';

/**
 * One trace as the detectors see it: spans in start order with times relative to the trace's start (numbers: offsets
 * inside a trace are far below 2^53 ns), each span's children, and — computed on first use, since only some
 * detectors need it — the critical path.
 */
export class TraceView {
  readonly traceId: string;
  readonly tree: SpanTree;
  private readonly index = new Map<Span, number>();
  private critical: CriticalPath | undefined;
  /** Each detector asks for a parent's children; they are listed once. */
  private readonly childLists = new Map<number, Span[]>();

  constructor(readonly spans: readonly Span[]) {
    this.traceId = spans[0]?.traceId ?? '';
    this.tree = buildSpanTree(columnsFromSpans(spans).columns);
    spans.forEach((span, i) => this.index.set(span, i));
  }

  private at(span: Span): number {
    return this.index.get(span)!;
  }

  startOf(span: Span): number {
    return this.tree.columns.starts[this.at(span)]!;
  }

  endOf(span: Span): number {
    return this.tree.columns.ends[this.at(span)]!;
  }

  durationOf(span: Span): number {
    return this.endOf(span) - this.startOf(span);
  }

  /** Direct children, in start order. */
  childrenOf(span: Span): Span[] {
    const at = this.at(span);
    let list = this.childLists.get(at);
    if (list === undefined) {
      list = Array.from(childrenOf(this.tree, at), (i) => this.spans[i]!);
      this.childLists.set(at, list);
    }
    return list;
  }

  parentOf(span: Span): Span | undefined {
    const p = this.tree.parent[this.at(span)]!;
    return p === -1 ? undefined : this.spans[p];
  }

  /** Own time: the span's duration minus the union of its children's (clipped to it). */
  selfTime(span: Span): number {
    const start = this.startOf(span);
    const end = this.endOf(span);
    let covered = 0;
    let reach = start;
    for (const child of this.childrenOf(span)) {
      const from = Math.max(reach, this.startOf(child));
      const to = Math.min(end, this.endOf(child));
      if (to > from) covered += to - from;
      reach = Math.max(reach, Math.min(end, this.endOf(child)));
    }
    return end - start - covered;
  }

  /** The span's own time on the critical path: when the trace's end waited on it and on none of its children. */
  criticalSelfTime(span: Span): number {
    this.critical ??= criticalPath(this.tree);
    return criticalTime(this.critical, this.at(span));
  }
}

/** Spans in start order, in the order detectors visit them. */
export function inStartOrder(view: TraceView): Span[] {
  const order = view.spans.map((_, i) => i);
  const starts = view.tree.columns.starts;
  order.sort((a, b) => starts[a]! - starts[b]! || a - b);
  return order.map((i) => view.spans[i]!);
}
