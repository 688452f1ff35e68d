/** What a selected node reaches: the services that call it (transitively) and everything it depends on. */
export interface BlastRadius {
  upstream: Set<string>;
  downstream: Set<string>;
  /** Indexes (into the edges given) of the edges on those call paths. */
  edges: Set<number>;
}

interface Edge {
  source: string;
  target: string;
}

/**
 * Upstream callers and downstream dependencies of `selected`, following edges transitively (a breadth-first walk in
 * each direction, so cycles end). An edge is on the radius when it leads into the selected node from an upstream
 * caller, or out of it towards a dependency.
 */
export function blastRadius(edges: readonly Edge[], selected: string): BlastRadius {
  const outgoing = new Map<string, number[]>();
  const incoming = new Map<string, number[]>();
  edges.forEach((edge, index) => {
    push(outgoing, edge.source, index);
    push(incoming, edge.target, index);
  });
  const upstreamEdges = new Set<number>();
  const downstreamEdges = new Set<number>();
  const upstream = walk(selected, incoming, (edge) => edges[edge]!.source, upstreamEdges);
  const downstream = walk(selected, outgoing, (edge) => edges[edge]!.target, downstreamEdges);
  return { upstream, downstream, edges: new Set([...upstreamEdges, ...downstreamEdges]) };
}

function walk(start: string, adjacency: Map<string, number[]>, next: (edge: number) => string, seenEdges: Set<number>): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of adjacency.get(queue[head]!) ?? []) {
      seenEdges.add(edge);
      const node = next(edge);
      if (node === start || seen.has(node)) continue;
      seen.add(node);
      queue.push(node);
    }
  }
  return seen;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
