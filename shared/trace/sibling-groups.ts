/**
 * Runs of identical siblings (same service, name and kind, one after another in start order) shown as one row:
 * the N+1 pattern's 38 `SELECT discounts` under one parent read as "38 × SELECT discounts", not 38 rows. Runs are
 * found among the siblings a filter keeps, so a filtered view groups what it shows.
 */

/** Fewer repeats than this read fine as rows (a retry, a pair of lookups): only longer runs are grouped. */
export const GROUP_MIN = 5;

const GROUP_KEY_PREFIX = 'group:';

/** A group row's key: stable while its first member stays first, and never a span id (those have no colon). */
export function groupKey(firstMemberKey: string): string {
  return `${GROUP_KEY_PREFIX}${firstMemberKey}`;
}

export function isGroupKey(key: string): boolean {
  return key.startsWith(GROUP_KEY_PREFIX);
}

/**
 * The kept siblings in order, split into single spans (a number) and runs (an Int32Array of ≥ min members). Null
 * when there is no run, so the common case allocates nothing.
 */
export function siblingRuns(
  siblings: Int32Array,
  labels: ArrayLike<number>,
  keep: Uint8Array | null,
  min: number,
): (number | Int32Array)[] | null {
  if (!hasRun(siblings, labels, keep, min)) return null;
  const kept: number[] = [];
  for (const node of siblings) if (keep === null || keep[node] === 1) kept.push(node);
  const items: (number | Int32Array)[] = [];
  for (let i = 0; i < kept.length; ) {
    let j = i + 1;
    while (j < kept.length && labels[kept[j]!] === labels[kept[i]!]) j++;
    if (j - i >= min) items.push(Int32Array.from(kept.slice(i, j)));
    else for (let k = i; k < j; k++) items.push(kept[k]!);
    i = j;
  }
  return items;
}

function hasRun(siblings: Int32Array, labels: ArrayLike<number>, keep: Uint8Array | null, min: number): boolean {
  if (siblings.length < min) return false;
  let label = -1;
  let length = 0;
  for (const node of siblings) {
    if (keep !== null && keep[node] !== 1) continue;
    if (labels[node] === label) length++;
    else {
      label = labels[node]!;
      length = 1;
    }
    if (length >= min) return true;
  }
  return false;
}

/** Interns (service, name, kind) per span into small integers: equal labels mean identical siblings. */
export function spanLabels(count: number, serviceOf: ArrayLike<number>, names: readonly string[], kinds: ArrayLike<number>): Int32Array {
  const ids = new Map<string, number>();
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const text = `${serviceOf[i]}\u0000${kinds[i]}\u0000${names[i]}`;
    let id = ids.get(text);
    if (id === undefined) {
      id = ids.size;
      ids.set(text, id);
    }
    labels[i] = id;
  }
  return labels;
}

/** The key of a group row's first member: what selecting the group shows in the details. */
export function firstMemberKey(key: string): string {
  return isGroupKey(key) ? key.slice(GROUP_KEY_PREFIX.length) : key;
}
