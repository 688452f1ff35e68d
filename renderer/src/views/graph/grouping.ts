/**
 * Grouping of big graphs by namespace: "payments.api-17", "payments/ledger" and "payments:db" share the group
 * "payments". Names without such a separator (or whose namespace no other node shares) stay on their own, so a
 * small or flat graph is left as it is.
 */
const NAMESPACE = /^([^./:]+)[./:]./;

/** Above this many nodes the view groups by namespace unless the user turns it off. */
export const GROUP_BY_DEFAULT_ABOVE = 150;

export function namespaceOf(name: string): string | null {
  const match = NAMESPACE.exec(name);
  return match === null ? null : match[1]!;
}

/** The group of every node (null: ungrouped). A namespace becomes a group only when two or more nodes share it. */
export function groupNodes(names: readonly string[]): Map<string, string | null> {
  const members = new Map<string, number>();
  for (const name of names) {
    const namespace = namespaceOf(name);
    if (namespace !== null) members.set(namespace, (members.get(namespace) ?? 0) + 1);
  }
  const groups = new Map<string, string | null>();
  for (const name of names) {
    const namespace = namespaceOf(name);
    groups.set(name, namespace !== null && (members.get(namespace) ?? 0) >= 2 ? namespace : null);
  }
  return groups;
}
