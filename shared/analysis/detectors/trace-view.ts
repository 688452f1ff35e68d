import type { Span } from '../../model.js';
import { criticalTimes } from '../../trace/critical-path.js';
import { buildSpanTree, columnsFromSpans, type SpanTree } from '../../trace/span-tree.js';

/**
 * What the detectors need of a trace's tree, by local index (into the view's spans): times in ns from the trace's
 * start (numbers: offsets inside a trace are far below 2^53 ns), parents, children in start order, and each span's
 * own time on the critical path. The analysis builds it once per trace for the ranking (shared/analysis/span-set.ts)
 * and hands it over, so the detectors do not rebuild the tree and critical path of a million spans.
 */
export interface TraceShape {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Local parent index, -1 for roots. */
  readonly parent: Int32Array;
  /** Children of span k are children[childOffsets[k] .. childOffsets[k + 1]), sorted by start. */
  readonly childOffsets: Int32Array;
  readonly children: Int32Array;
  /** Own time on the critical path, ns. */
  readonly critical: Float64Array;
}

/**
 * One trace as the detectors see it: its spans, each span's children, and the critical path — from a shape built
 * elsewhere, or built here from the spans (the critical path then on first use, since only some detectors need it).
 */
export class TraceView {
  readonly traceId: string;
  private readonly shape: Omit<TraceShape, 'critical'>;
  private readonly tree: SpanTree | undefined;
  private critical: Float64Array | undefined;
  private rootList: Int32Array | undefined;
  private readonly index = new Map<Span, number>();
  /** Each detector asks for a parent's children; they are listed once. */
  private readonly childLists = new Map<number, Span[]>();

  constructor(
    readonly spans: readonly Span[],
    shape?: TraceShape,
  ) {
    this.traceId = spans[0]?.traceId ?? '';
    if (shape === undefined) {
      const tree = buildSpanTree(columnsFromSpans(spans).columns);
      this.tree = tree;
      this.shape = { starts: tree.columns.starts, ends: tree.columns.ends, parent: tree.parent, childOffsets: tree.childOffsets, children: tree.children };
      this.rootList = tree.roots;
    } else {
      this.shape = shape;
      this.critical = shape.critical;
    }
    spans.forEach((span, i) => this.index.set(span, i));
  }

  private at(span: Span): number {
    return this.index.get(span)!;
  }

  /** The start of the span at local index k, in ns from the trace's start. */
  startAt(k: number): number {
    return this.shape.starts[k]!;
  }

  startOf(span: Span): number {
    return this.shape.starts[this.at(span)]!;
  }

  endOf(span: Span): number {
    return this.shape.ends[this.at(span)]!;
  }

  durationOf(span: Span): number {
    return this.endOf(span) - this.startOf(span);
  }

  /** How many direct children: most spans have none, and a detector can stop there without listing them. */
  childCount(span: Span): number {
    const at = this.at(span);
    return this.shape.childOffsets[at + 1]! - this.shape.childOffsets[at]!;
  }

  /** Direct children, in start order. */
  childrenOf(span: Span): Span[] {
    const at = this.at(span);
    let list = this.childLists.get(at);
    if (list === undefined) {
      const { childOffsets, children } = this.shape;
      list = [];
      for (let c = childOffsets[at]!; c < childOffsets[at + 1]!; c++) list.push(this.spans[children[c]!]!);
      this.childLists.set(at, list);
    }
    return list;
  }

  parentOf(span: Span): Span | undefined {
    const p = this.shape.parent[this.at(span)]!;
    return p === -1 ? undefined : this.spans[p];
  }

  /** Spans without a parent in the trace, earliest first. */
  roots(): Int32Array {
    if (this.rootList === undefined) {
      const { parent, starts } = this.shape;
      const list: number[] = [];
      for (let k = 0; k < parent.length; k++) if (parent[k] === -1) list.push(k);
      list.sort((a, b) => starts[a]! - starts[b]! || a - b);
      this.rootList = Int32Array.from(list);
    }
    return this.rootList;
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
    this.critical ??= criticalTimes(this.tree!);
    return this.critical[this.at(span)]!;
  }
}

/** Spans in start order, in the order detectors visit them. */
export function inStartOrder(view: TraceView): Span[] {
  const order = view.spans.map((_, i) => i);
  order.sort((a, b) => view.startAt(a) - view.startAt(b) || a - b);
  return order.map((i) => view.spans[i]!);
}
