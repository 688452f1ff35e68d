import type { Span } from '../../../shared/model.js';
import { toBigNs } from './ns-time.js';

export interface SpanRow {
  span: Span;
  /** 0 for roots (and for spans whose parent is not in the trace). */
  depth: number;
  childCount: number;
}

/**
 * Flattens a trace into display rows in tree order: each parent followed by its children, siblings by start time,
 * as Jaeger UI's generateRowStates does. A span whose parent is missing (partial trace, or spans still arriving)
 * is shown as a root rather than dropped. Iterative, so a 50k-deep chain cannot overflow the stack, and a
 * parent-id cycle (malformed input) cannot loop forever.
 */
export function spanRows(spans: readonly Span[]): SpanRow[] {
  const byId = new Map<string, Span>();
  for (const span of spans) byId.set(span.spanId, span);

  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanId;
    if (parentId === null || parentId === span.spanId || !byId.has(parentId)) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(parentId);
    if (siblings) siblings.push(span);
    else children.set(parentId, [span]);
  }
  roots.sort(byStart);
  for (const siblings of children.values()) siblings.sort(byStart);

  const rows: SpanRow[] = [];
  const visited = new Set<Span>();
  const walk = (root: Span) => {
    const stack: { span: Span; depth: number }[] = [{ span: root, depth: 0 }];
    while (stack.length > 0) {
      const { span, depth } = stack.pop()!;
      if (visited.has(span)) continue;
      visited.add(span);
      const kids = children.get(span.spanId) ?? [];
      rows.push({ span, depth, childCount: kids.length });
      // Push in reverse so the earliest child is popped (and shown) first.
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: depth + 1 });
    }
  };
  for (const root of roots) walk(root);

  // Spans caught in a parent cycle are reachable from no root: show them at the end, flat, so nothing is hidden.
  if (visited.size < spans.length) {
    for (const span of [...spans].sort(byStart)) if (!visited.has(span)) walk(span);
  }
  return rows;
}

function byStart(a: Span, b: Span): number {
  const difference = toBigNs(a.startNs) - toBigNs(b.startNs);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
