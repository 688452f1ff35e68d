/**
 * Grouping of big graphs by namespace: "payments.api-17", "payments/ledger" and "payments:db" share the group
 * "payments". Names without such a separator (or whose namespace no other node shares) stay on their own, so a
 * small or flat graph is left as it is. A fleet of thousands whose names have no namespace at all groups by the
 * names' first word instead ("checkout" of "checkout-api" and "checkout_worker"): thousands of loose nodes are
 * neither readable nor quick to draw.
 */
const NAMESPACE = /^([^./:]+)[./:]./;
const FIRST_WORD = /^([^-_]+)[-_]./;

/** Above this many nodes the view groups by namespace unless the user turns it off. */
export const GROUP_BY_DEFAULT_ABOVE = 150;
/** Above this many nodes, none with a namespace, the first word of the names groups them. */
export const GROUP_BY_WORD_ABOVE = 1500;

export function namespaceOf(name: string): string | null {
  const match = NAMESPACE.exec(name);
  return match === null ? null : match[1]!;
}

/** The group of every node (null: ungrouped). A namespace (or word) becomes a group only when two or more nodes share it. */
export function groupNodes(names: readonly string[]): Map<string, string | null> {
  const byNamespace = sharedPrefixes(names, namespaceOf);
  const flatFleet = names.length > GROUP_BY_WORD_ABOVE && names.every((name) => namespaceOf(name) === null);
  return flatFleet ? sharedPrefixes(names, firstWordOf) : byNamespace;
}

function firstWordOf(name: string): string | null {
  const match = FIRST_WORD.exec(name);
  return match === null ? null : match[1]!;
}

function sharedPrefixes(names: readonly string[], prefixOf: (name: string) => string | null): Map<string, string | null> {
  const members = new Map<string, number>();
  for (const name of names) {
    const prefix = prefixOf(name);
    if (prefix !== null) members.set(prefix, (members.get(prefix) ?? 0) + 1);
  }
  const groups = new Map<string, string | null>();
  for (const name of names) {
    const prefix = prefixOf(name);
    groups.set(name, prefix !== null && (members.get(prefix) ?? 0) >= 2 ? prefix : null);
  }
  return groups;
}
