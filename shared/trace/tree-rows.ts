import { GROUP_MIN, groupKey, siblingRuns } from './sibling-groups.js';
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
  /** Keys opened by hand: after a depth collapse (they win over collapseBelowDepth), and open sibling groups. */
  readonly expanded?: ReadonlySet<string>;
  /** When given, only spans marked 1 here and their ancestors are shown (filters keep the path to a match). */
  readonly include?: Uint8Array;
  /**
   * A label per span (spanLabels in sibling-groups.ts): runs of at least groupMin consecutive siblings with one
   * label become one group row, collapsed unless its key (groupKey) is in `expanded`. No grouping without labels.
   */
  readonly groupLabels?: ArrayLike<number>;
  readonly groupMin?: number;
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
  /** Group rows → their member spans. A group row's `nodes` entry is its first member; members show below it when open. */
  readonly groups: ReadonlyMap<number, Int32Array>;
}

export interface RowInfo {
  row: number;
  node: number;
  key: string;
  depth: number;
  hasChildren: boolean;
  isCollapsed: boolean;
  parentRow: number;
  /** Members of the group this row stands for; 0 for a span row. */
  groupSize: number;
}

export function treeRows(tree: SpanTree, options: RowOptions = {}): TreeRows {
  const { collapsed, collapseBelowDepth, expanded, include, groupLabels } = options;
  const groupMin = Math.max(2, options.groupMin ?? GROUP_MIN);
  const total = tree.columns.count;
  const keep = include === undefined ? null : withAncestors(tree, include);
  // Group rows come on top of span rows: at most one per groupMin spans.
  const capacity = total + (groupLabels === undefined ? 0 : Math.floor(total / groupMin));
  const nodes = new Int32Array(capacity);
  const rowOfNode = new Int32Array(total).fill(-1);
  const parentRow = new Int32Array(capacity);
  const hasChildren = new Uint8Array(capacity);
  const isCollapsed = new Uint8Array(capacity);
  const groups = new Map<number, Int32Array>();
  const { childOffsets, children, keys, depth } = tree;

  let count = 0;
  // Stack entries ≥ 0 are spans; -(g + 1) is pending group g.
  const stack: number[] = [];
  const pending: { members: Int32Array; parentRow: number }[] = [];
  // Siblings are list[from, to): no subarray view per span unless grouping needs one (a 1M-span trace would
  // allocate a million of them).
  const pushSiblings = (list: Int32Array, from: number, to: number, parentRowOfThem: number) => {
    const runs = groupLabels === undefined || to - from < groupMin ? null : siblingRuns(list.subarray(from, to), groupLabels, keep, groupMin);
    if (runs === null) {
      // Pushed last-first so the earliest sibling is popped (and shown) first.
      for (let c = to - 1; c >= from; c--) stack.push(list[c]!);
      return;
    }
    for (let i = runs.length - 1; i >= 0; i--) {
      const item = runs[i]!;
      if (typeof item === 'number') stack.push(item);
      else {
        pending.push({ members: item, parentRow: parentRowOfThem });
        stack.push(-pending.length);
      }
    }
  };
  pushSiblings(tree.roots, 0, tree.roots.length, -1);
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry < 0) {
      const group = pending[-entry - 1]!;
      const row = count++;
      const first = group.members[0]!;
      nodes[row] = first;
      parentRow[row] = group.parentRow;
      hasChildren[row] = 1;
      groups.set(row, group.members);
      if (expanded?.has(groupKey(keys[first]!)) === true) {
        for (let m = group.members.length - 1; m >= 0; m--) stack.push(group.members[m]!);
      } else isCollapsed[row] = 1;
      continue;
    }
    const node = entry;
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
    pushSiblings(children, first, last, row);
  }
  return {
    count,
    nodes: nodes.subarray(0, count),
    rowOfNode,
    parentRow: parentRow.subarray(0, count),
    hasChildren: hasChildren.subarray(0, count),
    isCollapsed: isCollapsed.subarray(0, count),
    groups,
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
    groupSize: rows.groups.get(row)?.length ?? 0,
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
 * The keys of the collapsed spans and closed sibling groups that hide `node`, innermost last: what must open to
 * reveal it. Uses the same rules as treeRows.
 */
export function collapsedAncestors(tree: SpanTree, node: number, options: RowOptions): string[] {
  const hiding: string[] = [];
  const keep = options.include === undefined ? null : withAncestors(tree, options.include);
  for (let x = node; x !== -1; x = tree.parent[x]!) {
    const group = closedGroupOf(tree, x, keep, options);
    if (group !== null) hiding.push(group);
    const p = tree.parent[x]!;
    if (p === -1) break;
    const key = tree.keys[p]!;
    const byDepth = options.collapseBelowDepth !== undefined && tree.depth[p]! >= options.collapseBelowDepth && options.expanded?.has(key) !== true;
    if (options.collapsed?.has(key) === true || byDepth) hiding.push(key);
  }
  return hiding.reverse();
}

/** The key of the closed group `node` is a member of, or null. */
function closedGroupOf(tree: SpanTree, node: number, keep: Uint8Array | null, options: RowOptions): string | null {
  if (options.groupLabels === undefined) return null;
  const p = tree.parent[node]!;
  const siblings = p === -1 ? tree.roots : tree.children.subarray(tree.childOffsets[p]!, tree.childOffsets[p + 1]!);
  const runs = siblingRuns(siblings, options.groupLabels, keep, Math.max(2, options.groupMin ?? GROUP_MIN));
  const run = runs?.find((item): item is Int32Array => typeof item !== 'number' && item.includes(node));
  if (run === undefined) return null;
  const key = groupKey(tree.keys[run[0]!]!);
  return options.expanded?.has(key) === true ? null : key;
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
  return (
    a.collapsed === b.collapsed &&
    a.collapseBelowDepth === b.collapseBelowDepth &&
    a.expanded === b.expanded &&
    a.include === b.include &&
    a.groupLabels === b.groupLabels &&
    a.groupMin === b.groupMin
  );
}
