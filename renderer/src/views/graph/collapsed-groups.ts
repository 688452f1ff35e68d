import { foldDependencies } from './dependency-figures.js';
import { edgeKey, groupKey, type GraphModel, type ViewEdge, type ViewNode } from './graph-model.js';

/**
 * Above this many nodes a grouped graph opens with every group collapsed into one node: cytoscape then creates a few
 * dozen group nodes and the calls between them instead of ~20,000 elements (5,000 services took ~2.7 s to paint).
 */
export const COLLAPSE_GROUPS_ABOVE = 1500;

/** A group drawn as one node: its members' figures folded into the worst of them, so trouble inside still shows. */
export interface GroupSummary {
  /** Index into GraphModel.groups (and the layout's group boxes). */
  index: number;
  key: string;
  name: string;
  /** Indexes into GraphModel.nodes. */
  members: number[];
  /** The group as a node: worst member error rate and p95, calls into members summed. */
  node: ViewNode;
}

/** An edge as drawn: a model edge, or the calls between a collapsed group and another drawn node, added up. */
export interface DrawnEdge extends ViewEdge {
  /** Cytoscape ids of the ends (a member's node key or a collapsed group's key). */
  sourceId: string;
  targetId: string;
  aggregate: boolean;
  /** Indexes into GraphModel.edges of the calls this edge stands for. */
  members: number[];
}

export interface DrawnGraph {
  /** Indexes into GraphModel.nodes of the nodes drawn (ungrouped ones and members of expanded groups). */
  nodes: number[];
  /** Indexes into GraphModel.groups of the groups drawn collapsed. */
  collapsed: number[];
  edges: DrawnEdge[];
}

/** A model's groups with their members and folded figures, and what any set of expanded groups draws. */
export class GroupCollapse {
  readonly groups: GroupSummary[];
  private readonly groupOfNode: Int32Array;
  private readonly nodeIndex: Map<string, number>;

  constructor(private readonly model: GraphModel) {
    const groupIndex = new Map(model.groups.map((g, i) => [g, i]));
    this.groups = model.groups.map((name, index) => ({ index, key: groupKey(name), name, members: [], node: emptyGroupNode(name) }));
    this.groupOfNode = new Int32Array(model.nodes.length).fill(-1);
    this.nodeIndex = new Map();
    model.nodes.forEach((node, i) => {
      this.nodeIndex.set(node.name, i);
      const g = node.group === null ? undefined : groupIndex.get(node.group);
      if (g === undefined) return;
      this.groupOfNode[i] = g;
      const summary = this.groups[g]!;
      summary.members.push(i);
      summary.node.errorRate = Math.max(summary.node.errorRate, node.errorRate);
      if (node.p95Ns !== null) summary.node.p95Ns = Math.max(summary.node.p95Ns ?? 0, node.p95Ns);
      summary.node.callsIn += node.callsIn;
      // A group is drawn as known only from dependencies when every member is.
      if (node.origin === 'spans') summary.node.origin = 'spans';
    });
  }

  /** The group a node is drawn in when collapsed, or null for an ungrouped (or unknown) node. */
  groupOf(name: string): GroupSummary | null {
    const i = this.nodeIndex.get(name);
    const g = i === undefined ? -1 : this.groupOfNode[i]!;
    return g < 0 ? null : this.groups[g]!;
  }

  /**
   * What is drawn with these groups expanded. Calls inside a collapsed group are not drawn; calls between a collapsed
   * group and another drawn node (or group) become one edge per direction and mode, with summed call and error counts
   * and the slowest member's percentiles.
   */
  drawn(expanded: ReadonlySet<string>): DrawnGraph {
    const { nodes, edges } = this.model;
    const open = this.groups.map((g) => expanded.has(g.name));
    const idOf = (i: number): string => {
      const g = this.groupOfNode[i]!;
      return g < 0 || open[g] ? nodes[i]!.key : this.groups[g]!.key;
    };
    const drawnNodes: number[] = [];
    nodes.forEach((_, i) => {
      const g = this.groupOfNode[i]!;
      if (g < 0 || open[g]) drawnNodes.push(i);
    });
    const drawnEdges: DrawnEdge[] = [];
    const aggregates = new Map<string, DrawnEdge>();
    edges.forEach((edge, e) => {
      const s = this.nodeIndex.get(edge.source)!;
      const t = this.nodeIndex.get(edge.target)!;
      const sourceId = idOf(s);
      const targetId = idOf(t);
      if (sourceId === nodes[s]!.key && targetId === nodes[t]!.key) {
        drawnEdges.push({ ...edge, sourceId, targetId, aggregate: false, members: [e] });
        return;
      }
      if (sourceId === targetId) return; // inside one collapsed group
      const key = `a:${edgeKey(sourceId, targetId, edge.mode).slice(2)}`;
      const found = aggregates.get(key);
      if (found === undefined) {
        const source = this.groupOfNode[s]! >= 0 && !open[this.groupOfNode[s]!] ? this.groups[this.groupOfNode[s]!]!.name : edge.source;
        const target = this.groupOfNode[t]! >= 0 && !open[this.groupOfNode[t]!] ? this.groups[this.groupOfNode[t]!]!.name : edge.target;
        const aggregate: DrawnEdge = { ...edge, key, source, target, sourceId, targetId, aggregate: true, members: [e], dependencies: [...edge.dependencies] };
        aggregates.set(key, aggregate);
        drawnEdges.push(aggregate);
        return;
      }
      found.members.push(e);
      found.callCount += edge.callCount;
      found.errorCount += edge.errorCount;
      found.p50Ns = Math.max(found.p50Ns, edge.p50Ns);
      found.p95Ns = Math.max(found.p95Ns, edge.p95Ns);
      found.p99Ns = Math.max(found.p99Ns, edge.p99Ns);
      if (found.origin !== edge.origin) found.origin = 'both';
      foldDependencies(found.dependencies, edge.dependencies);
    });
    return { nodes: drawnNodes, collapsed: this.groups.filter((g) => !open[g.index]).map((g) => g.index), edges: drawnEdges };
  }
}

function emptyGroupNode(name: string): ViewNode {
  return { key: groupKey(name), name, type: 'service', system: null, group: null, errorRate: 0, p95Ns: null, callsIn: 0, origin: 'dependencies', aggregates: null };
}

/** What changes on the canvas going from one drawn graph to the next (so an expansion adds only what it must). */
export interface DrawnChange {
  addNodes: number[];
  removeNodes: number[];
  addEdges: DrawnEdge[];
  removeEdges: string[];
  /** Edges drawn before and after whose figures changed (an aggregate that lost or gained members). */
  updateEdges: DrawnEdge[];
  expandedGroups: number[];
  collapsedGroups: number[];
}

export function drawnChange(before: DrawnGraph, after: DrawnGraph): DrawnChange {
  const minus = (a: number[], b: number[]) => {
    const set = new Set(b);
    return a.filter((x) => !set.has(x));
  };
  const beforeEdges = new Map(before.edges.map((e) => [e.key, e]));
  const afterKeys = new Set(after.edges.map((e) => e.key));
  const addEdges: DrawnEdge[] = [];
  const updateEdges: DrawnEdge[] = [];
  for (const edge of after.edges) {
    const old = beforeEdges.get(edge.key);
    if (old === undefined) addEdges.push(edge);
    else if (old.callCount !== edge.callCount || old.errorCount !== edge.errorCount || old.p95Ns !== edge.p95Ns) updateEdges.push(edge);
  }
  return {
    addNodes: minus(after.nodes, before.nodes),
    removeNodes: minus(before.nodes, after.nodes),
    addEdges,
    removeEdges: before.edges.filter((e) => !afterKeys.has(e.key)).map((e) => e.key),
    updateEdges,
    expandedGroups: minus(before.collapsed, after.collapsed),
    collapsedGroups: minus(after.collapsed, before.collapsed),
  };
}
