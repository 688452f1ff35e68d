import type { SpanTree } from './span-tree.js';

/**
 * The waterfall's visible rows: the tree flattened parents-first with collapsed subtrees left out, as Jaeger UI's
 * generateRowStates does. Pure and iterative: a 1M-span trace (or a 1M-deep chain) flattens in tens of ms.
 */
export interface RowOptions {
  /** Keys of spans whose children are hidden. */
  readonly collapsed?: ReadonlySet<string>;
  /** Spans at this depth and deeper show collapsed ("collapse all below depth N"): rows of depth ≤ N remain. */
  readonly collapseBelowDepth?: number;
  /** Keys opened by hand after a depth collapse: they win over collapseBelowDepth. */
  readonly expanded?: ReadonlySet<string>;
  /** When given, only spans marked 1 here and their ancestors are shown (filters keep the path to a match). */
  readonly include?: Uint8Array;
}

export interface TreeRows {
  readonly count: number;
  /** Row → span index. */
  readonly nodes: Int32Array;
  /** Span index → row, -1 when hidden. */
  readonly rowOfNode: Int32Array;
  /** Row of the parent's row, -1 for roots. */
  readonly parentRow: Int32Array;
  /** Per row: 1 when the span has (visible-able) children. */
  readonly hasChildren: Uint8Array;
  /** Per row: 1 when it has children and they are hidden. */
  readonly isCollapsed: Uint8Array;
}

export interface RowInfo {
  row: number;
  node: number;
  key: string;
  depth: number;
  hasChildren: boolean;
  isCollapsed: boolean;
  parentRow: number;
}

export function treeRows(tree: SpanTree, options: RowOptions = {}): TreeRows {
  const { collapsed, collapseBelowDepth, expanded, include } = options;
  const total = tree.columns.count;
  const keep = include === undefined ? null : withAncestors(tree, include);
  const nodes = new Int32Array(total);
  const rowOfNode = new Int32Array(total).fill(-1);
  const parentRow = new Int32Array(total);
  const hasChildren = new Uint8Array(total);
  const isCollapsed = new Uint8Array(total);
  const { childOffsets, children, keys, depth } = tree;

  let count = 0;
  const stack: number[] = [];
  for (let r = tree.roots.length - 1; r >= 0; r--) stack.push(tree.roots[r]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (keep !== null && keep[node] === 0) continue;
    const row = count++;
    nodes[row] = node;
    rowOfNode[node] = row;
    const p = tree.parent[node]!;
    parentRow[row] = p === -1 ? -1 : rowOfNode[p]!;

    const first = childOffsets[node]!;
    const last = childOffsets[node + 1]!;
    let anyChild = false;
    for (let c = first; c < last && !anyChild; c++) anyChild = keep === null || keep[children[c]!] === 1;
    if (!anyChild) continue;
    hasChildren[row] = 1;
    const key = keys[node]!;
    const closed =
      collapsed?.has(key) === true ||
      (collapseBelowDepth !== undefined && depth[node]! >= collapseBelowDepth && expanded?.has(key) !== true);
    if (closed) {
      isCollapsed[row] = 1;
      continue;
    }
    // Pushed last-first so the earliest child is popped (and shown) first.
    for (let c = last - 1; c >= first; c--) stack.push(children[c]!);
  }
  return {
    count,
    nodes: nodes.subarray(0, count),
    rowOfNode,
    parentRow: parentRow.subarray(0, count),
    hasChildren: hasChildren.subarray(0, count),
    isCollapsed: isCollapsed.subarray(0, count),
  };
}

export function rowInfo(tree: SpanTree, rows: TreeRows, row: number): RowInfo {
  if (row < 0 || row >= rows.count) throw new RangeError(`row ${row} is outside 0..${rows.count - 1}`);
  const node = rows.nodes[row]!;
  return {
    row,
    node,
    key: tree.keys[node]!,
    depth: tree.depth[node]!,
    hasChildren: rows.hasChildren[row] === 1,
    isCollapsed: rows.isCollapsed[row] === 1,
    parentRow: rows.parentRow[row]!,
  };
}

/** include, plus every ancestor of an included span, so a filtered view still reads as a tree. */
function withAncestors(tree: SpanTree, include: Uint8Array): Uint8Array {
  const keep = new Uint8Array(tree.columns.count);
  for (let i = 0; i < keep.length; i++) {
    if (include[i] !== 1) continue;
    // Stops at the first already-kept ancestor, so the whole pass is O(n).
    for (let node = i; node !== -1 && keep[node] === 0; node = tree.parent[node]!) keep[node] = 1;
  }
  return keep;
}

/**
 * The keys of the collapsed spans that hide `node`, innermost last: what must open to reveal it. Uses the same
 * rules as treeRows.
 */
export function collapsedAncestors(tree: SpanTree, node: number, options: RowOptions): string[] {
  const hiding: string[] = [];
  for (let p = tree.parent[node]!; p !== -1; p = tree.parent[p]!) {
    const key = tree.keys[p]!;
    const byDepth = options.collapseBelowDepth !== undefined && tree.depth[p]! >= options.collapseBelowDepth && options.expanded?.has(key) !== true;
    if (options.collapsed?.has(key) === true || byDepth) hiding.push(key);
  }
  return hiding.reverse();
}

/** Remembers the last result: the same tree and the same option values give the same rows object. */
export function memoTreeRows(): (tree: SpanTree, options: RowOptions) => TreeRows {
  let lastTree: SpanTree | null = null;
  let lastOptions: RowOptions = {};
  let lastRows: TreeRows | null = null;
  return (tree, options) => {
    if (tree === lastTree && lastRows !== null && sameOptions(options, lastOptions)) return lastRows;
    lastTree = tree;
    lastOptions = options;
    lastRows = treeRows(tree, options);
    return lastRows;
  };
}

function sameOptions(a: RowOptions, b: RowOptions): boolean {
  return a.collapsed === b.collapsed && a.collapseBelowDepth === b.collapseBelowDepth && a.expanded === b.expanded && a.include === b.include;
}
