import type cytoscape from 'cytoscape';
import type { BlastRadius } from './blast-radius.js';
import type { ColorMode, HealthPalette } from './color-scale.js';
import { GroupCollapse, drawnChange, type DrawnEdge, type DrawnGraph, type GroupSummary } from './collapsed-groups.js';
import { edgeClasses, edgeColor, edgeLabel, nodeColor, nodeElement } from './graph-elements.js';
import type { LayoutPositions } from './graph-layout.js';
import { nodeKey, type GraphModel, type ViewNode } from './graph-model.js';
import { edgeWidth } from './graph-style.js';

/** Colours for new or restyled elements, read when needed (the colour mode and theme change under the canvas). */
export interface Paint {
  mode: ColorMode;
  palette: HealthPalette;
  neutralEdge: string;
}

/**
 * A huge grouped graph on the canvas with groups collapsed into single nodes until expanded. The layout is the
 * grouped one: a collapsed group fills the box its members would fill, so expanding adds members in place and nothing
 * else moves. Expanding or collapsing changes only the elements that differ, in one batch.
 */
export class CollapsedCanvas {
  readonly collapse: GroupCollapse;
  private expanded = new Set<string>();
  private drawnGraph: DrawnGraph;
  private drawnEdges = new Map<string, DrawnEdge>();
  private readonly groupsByKey: Map<string, GroupSummary>;
  private readonly nodeIndex: Map<string, number>;
  private readonly maxCalls: { member: number; aggregate: number };
  private cy: cytoscape.Core | null = null;

  constructor(
    private readonly model: GraphModel,
    private readonly positions: LayoutPositions,
    private readonly yScale: number,
    private readonly paint: () => Paint,
  ) {
    this.collapse = new GroupCollapse(model);
    this.groupsByKey = new Map(this.collapse.groups.map((g) => [g.key, g]));
    this.nodeIndex = new Map(model.nodes.map((n, i) => [n.key, i]));
    this.drawnGraph = this.collapse.drawn(this.expanded);
    this.indexEdges();
    const most = (edges: readonly { callCount: number }[]) => edges.reduce((max, e) => Math.max(max, e.callCount), 1);
    this.maxCalls = { member: most(model.edges), aggregate: most(this.drawnGraph.edges.filter((e) => e.aggregate)) };
  }

  /** The elements of the opening view: every group collapsed. */
  initialElements(): cytoscape.ElementDefinition[] {
    const paint = this.paint();
    return [
      ...this.collapse.groups.map((g) => this.groupElement(g, true, paint)),
      ...this.drawnGraph.nodes.map((i) => nodeElement(this.model.nodes[i]!, this.positions, i, paint.mode, paint.palette, this.yScale)),
      ...this.drawnGraph.edges.map((e) => this.edgeElement(e, paint)),
    ];
  }

  attach(cy: cytoscape.Core): void {
    this.cy = cy;
  }

  /** A drawn node by cytoscape id: a model node, or a collapsed group as a node (for the tooltip). */
  nodeOf(id: string): ViewNode | undefined {
    const group = this.groupsByKey.get(id);
    if (group !== undefined) return this.isExpanded(group.name) ? undefined : group.node;
    const i = this.nodeIndex.get(id);
    return i === undefined || this.cy?.getElementById(id).empty() !== false ? undefined : this.model.nodes[i];
  }

  edgeOf(id: string): DrawnEdge | undefined {
    return this.drawnEdges.get(id);
  }

  groupOfKey(id: string): GroupSummary | undefined {
    return this.groupsByKey.get(id);
  }

  isExpanded(group: string): boolean {
    return this.expanded.has(group);
  }

  /** Expands the group a node is in, if it is collapsed; true when that changed the canvas. */
  reveal(name: string): boolean {
    const group = this.collapse.groupOf(name);
    return group !== null && !this.expanded.has(group.name) && this.setExpanded(new Set([...this.expanded, group.name]));
  }

  expand(...groups: string[]): boolean {
    return this.setExpanded(new Set([...this.expanded, ...groups]));
  }

  collapseGroup(group: string): boolean {
    const next = new Set(this.expanded);
    next.delete(group);
    return this.setExpanded(next);
  }

  /**
   * Zoomed in on a collapsed group (its box under the middle of the screen and at least half the screen wide or
   * tall): expands it, so zooming into a group shows its members without a click. True when that changed the canvas.
   */
  expandZoomedInto(): boolean {
    const cy = this.cy;
    if (cy === null) return false;
    const { x1, y1, x2, y2 } = cy.extent();
    const cx = (x1 + x2) / 2;
    const cyMid = (y1 + y2) / 2;
    const hit = this.collapse.groups.find((g) => {
      if (this.expanded.has(g.name)) return false;
      const element = cy.getElementById(g.key);
      const { x, y } = element.position();
      const width = element.data('width') as number;
      const height = element.data('height') as number;
      const under = Math.abs(cx - x) <= width / 2 && Math.abs(cyMid - y) <= height / 2;
      return under && (width >= (x2 - x1) / 2 || height >= (y2 - y1) / 2);
    });
    return hit !== undefined && this.expand(hit.name);
  }

  private setExpanded(next: Set<string>): boolean {
    const cy = this.cy;
    if (cy === null || (next.size === this.expanded.size && [...next].every((g) => this.expanded.has(g)))) return false;
    const after = this.collapse.drawn(next);
    const change = drawnChange(this.drawnGraph, after);
    const paint = this.paint();
    cy.batch(() => {
      for (const key of change.removeEdges) cy.getElementById(key).remove();
      for (const i of change.removeNodes) cy.getElementById(this.model.nodes[i]!.key).remove();
      for (const g of change.expandedGroups) this.restyleGroup(cy.getElementById(this.collapse.groups[g]!.key), this.collapse.groups[g]!, false, paint);
      for (const g of change.collapsedGroups) this.restyleGroup(cy.getElementById(this.collapse.groups[g]!.key), this.collapse.groups[g]!, true, paint);
      cy.add([
        ...change.addNodes.map((i) => nodeElement(this.model.nodes[i]!, this.positions, i, paint.mode, paint.palette, this.yScale)),
        ...change.addEdges.map((e) => this.edgeElement(e, paint)),
      ]);
      for (const edge of change.updateEdges) cy.getElementById(edge.key).data(this.edgeData(edge, paint));
    });
    this.expanded = next;
    this.drawnGraph = after;
    this.indexEdges();
    return true;
  }

  /** Recolours everything drawn (colour mode or theme changed). */
  restyle(): void {
    const cy = this.cy;
    if (cy === null) return;
    const paint = this.paint();
    cy.batch(() => {
      for (const g of this.collapse.groups) cy.getElementById(g.key).data('color', nodeColor(g.node, paint.mode, paint.palette));
      for (const i of this.drawnGraph.nodes) {
        const node = this.model.nodes[i]!;
        cy.getElementById(node.key).data('color', nodeColor(node, paint.mode, paint.palette));
      }
      for (const edge of this.drawnGraph.edges) cy.getElementById(edge.key).data('color', edgeColor(edge, paint.mode, paint.palette, paint.neutralEdge));
    });
  }

  /**
   * Blast-radius classes on what is drawn: a collapsed group is lit (and marked up- or downstream) when any member
   * is, and an aggregated edge is on the radius when any call it stands for is.
   */
  highlight(selectedNode: string | null, radius: BlastRadius | null, selectedEdgeKey: string | null): void {
    const cy = this.cy;
    if (cy === null) return;
    const selectedEdge = selectedEdgeKey === null ? -1 : this.model.edges.findIndex((e) => e.key === selectedEdgeKey);
    cy.batch(() => {
      cy.elements('.dimmed, .upstream, .downstream, .selected, .radius').removeClass('dimmed upstream downstream selected radius');
      if (selectedNode !== null && radius !== null) {
        const keep = new Set([selectedNode, ...radius.upstream, ...radius.downstream]);
        for (const i of this.drawnGraph.nodes) {
          const node = this.model.nodes[i]!;
          const element = cy.getElementById(node.key);
          if (radius.upstream.has(node.name)) element.addClass('upstream');
          else if (radius.downstream.has(node.name)) element.addClass('downstream');
          else if (!keep.has(node.name)) element.addClass('dimmed');
        }
        cy.getElementById(nodeKey(selectedNode)).addClass('selected');
        for (const group of this.collapse.groups) {
          const names = group.members.map((i) => this.model.nodes[i]!.name);
          const element = cy.getElementById(group.key);
          if (!names.some((n) => keep.has(n))) element.addClass('dimmed');
          else if (!this.expanded.has(group.name)) {
            if (names.some((n) => radius.upstream.has(n))) element.addClass('upstream');
            if (names.some((n) => radius.downstream.has(n))) element.addClass('downstream');
          }
        }
        for (const edge of this.drawnGraph.edges) {
          cy.getElementById(edge.key).addClass(edge.members.some((e) => radius.edges.has(e)) ? 'radius' : 'dimmed');
        }
      }
      if (selectedEdge >= 0) {
        const drawn = this.drawnGraph.edges.find((e) => e.members.includes(selectedEdge));
        if (drawn !== undefined) cy.getElementById(drawn.key).addClass('selected');
      }
    });
  }

  private indexEdges(): void {
    this.drawnEdges = new Map(this.drawnGraph.edges.map((e) => [e.key, e]));
  }

  private groupElement(group: GroupSummary, collapsed: boolean, paint: Paint): cytoscape.ElementDefinition {
    const [cx, cy, width, height] = this.positions.groups.subarray(group.index * 4, group.index * 4 + 4);
    return {
      group: 'nodes',
      data: { id: group.key, kind: 'group', width, height: height! * this.yScale, ...this.groupData(group, collapsed, paint, width!, height! * this.yScale) },
      position: { x: cx!, y: cy! * this.yScale },
      classes: collapsed ? 'group collapsed' : 'group',
      grabbable: false,
    };
  }

  private restyleGroup(element: cytoscape.CollectionReturnValue, group: GroupSummary, collapsed: boolean, paint: Paint): void {
    element.data(this.groupData(group, collapsed, paint, element.data('width') as number, element.data('height') as number));
    if (collapsed) element.addClass('collapsed');
    else element.removeClass('collapsed');
  }

  private groupData(group: GroupSummary, collapsed: boolean, paint: Paint, width: number, height: number): Record<string, unknown> {
    const count = group.members.length;
    return {
      label: collapsed ? `${group.name}\n${count.toLocaleString('en-US')} nodes` : group.name,
      color: nodeColor(group.node, paint.mode, paint.palette),
      // A collapsed group's name must read when the whole graph fits the screen: scale it with the box.
      fontSize: collapsed ? Math.round(Math.max(26, Math.min(width / 7, height / 4, 220))) : 26,
    };
  }

  private edgeElement(edge: DrawnEdge, paint: Paint): cytoscape.ElementDefinition {
    return {
      group: 'edges',
      data: { id: edge.key, source: edge.sourceId, target: edge.targetId, bend: 0, ...this.edgeData(edge, paint) },
      // Calls between two collapsed groups are few and always drawn; a member's calls into a collapsed group are as
      // many as its own calls, so they show like those (on screen, zoomed in).
      classes: !edge.aggregate ? edgeClasses(edge) : edge.sourceId.startsWith('g:') && edge.targetId.startsWith('g:') ? `${edgeClasses(edge)} aggregate between-groups` : `${edgeClasses(edge)} aggregate`,
    };
  }

  private edgeData(edge: DrawnEdge, paint: Paint): Record<string, unknown> {
    return {
      width: Math.min(6, edgeWidth(edge.callCount, edge.aggregate ? this.maxCalls.aggregate : this.maxCalls.member)),
      color: edgeColor(edge, paint.mode, paint.palette, paint.neutralEdge),
      label: edgeLabel(edge),
    };
  }
}
