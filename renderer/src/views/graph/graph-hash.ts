/**
 * A short, stable key for a graph's shape (its node and edge ids, in any order): the layout cache is keyed on it, so
 * a refetch of the same graph reuses its layout while new figures on the same edges do not matter.
 */
export function graphShapeKey(nodeIds: readonly string[], edgeIds: readonly string[], variant: string): string {
  const nodes = [...nodeIds].sort();
  const edges = [...edgeIds].sort();
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    // A separator no name contains, so ["ab","c"] and ["a","bc"] differ.
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995);
  };
  feed(variant);
  for (const id of nodes) feed(id);
  feed('\u0001edges');
  for (const id of edges) feed(id);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${variant}:${nodes.length}:${edges.length}:${hex(h1)}${hex(h2)}`;
}
