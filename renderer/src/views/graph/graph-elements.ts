import type cytoscape from 'cytoscape';
import { formatCount } from '../../lib/format-count.js';
import { formatDuration } from '../../lib/format-duration.js';
import { healthColor, severity, type ColorMode, type HealthPalette } from './color-scale.js';
import { dependencyCalls } from './dependency-figures.js';
import { NODE_BOX, type LayoutPositions } from './graph-layout.js';
import { groupKey, type GraphModel, type ViewEdge, type ViewNode } from './graph-model.js';
import { edgeWidth } from './graph-style.js';

/** The figure a node is coloured by in each mode; none for a node only dependencies know (no spans: no health). */
export function nodeFigure(node: ViewNode, mode: ColorMode): number | null {
  if (node.origin === 'dependencies' && node.aggregates === null) return null;
  return mode === 'errors' ? node.errorRate : node.p95Ns;
}

export function nodeColor(node: ViewNode, mode: ColorMode, palette: HealthPalette): string {
  return healthColor(palette, mode, nodeFigure(node, mode));
}

/** Edges stay quiet unless their own figure is at least suspicious, so the eye goes to the calls that matter. */
export function edgeColor(edge: ViewEdge, mode: ColorMode, palette: HealthPalette, neutral: string): string {
  const value = mode === 'errors' ? edge.errorCount / Math.max(1, edge.callCount) : edge.p95Ns;
  return severity(mode, value) >= 0.5 ? healthColor(palette, mode, value) : neutral;
}

export function durationText(ns: number): string {
  return formatDuration(BigInt(Math.round(ns)));
}

export function edgeLabel(edge: ViewEdge): string {
  if (edge.origin === 'dependencies') return `${formatCount(dependencyCalls(edge))} (dependencies)`;
  return `${formatCount(edge.callCount)} · p95 ${durationText(edge.p95Ns)}`;
}

/** Cytoscape classes of an edge: its mode, and `deps-only` (drawn dotted and muted) when no cached span makes it. */
export function edgeClasses(edge: Pick<ViewEdge, 'mode' | 'origin'>): string {
  return edge.origin === 'dependencies' ? `${edge.mode} deps-only` : edge.mode;
}

/** Cytoscape elements with preset positions: group boxes, nodes, edges. */
export function graphElements(
  model: GraphModel,
  positions: LayoutPositions,
  mode: ColorMode,
  palette: HealthPalette,
  neutralEdge: string,
  yScale = 1,
): cytoscape.ElementDefinition[] {
  const elements: cytoscape.ElementDefinition[] = [];
  // Group boxes are plain nodes drawn under the rest, sized by the layout: cytoscape's compound nodes recompute
  // their bounds on every frame and made panning 5,000 grouped nodes take most of a second per frame.
  model.groups.forEach((group, g) => {
    const [cx, cy, width, height] = positions.groups.subarray(g * 4, g * 4 + 4);
    elements.push({
      group: 'nodes',
      data: { id: groupKey(group), label: group, kind: 'group', width, height: height! * yScale },
      position: { x: cx!, y: cy! * yScale },
      classes: 'group',
      grabbable: false,
    });
  });
  model.nodes.forEach((node, i) => elements.push(nodeElement(node, positions, i, mode, palette, yScale)));
  const maxCalls = model.edges.reduce((max, edge) => Math.max(max, edge.callCount), 1);
  const index = new Map(model.nodes.map((n, i) => [n.name, i]));
  for (const edge of model.edges) {
    const bend = edgeBend(positions, index.get(edge.source)!, index.get(edge.target)!, yScale);
    elements.push({
      group: 'edges',
      data: {
        id: edge.key,
        source: `n:${edge.source}`,
        target: `n:${edge.target}`,
        width: edgeWidth(edge.callCount, maxCalls),
        color: edgeColor(edge, mode, palette, neutralEdge),
        label: edgeLabel(edge),
        bend,
      },
      classes: bend === 0 ? edgeClasses(edge) : `${edgeClasses(edge)} long`,
    });
  }
  return elements;
}

/** One service, database, queue or external node at its laid-out place. */
export function nodeElement(
  node: ViewNode,
  positions: LayoutPositions,
  index: number,
  mode: ColorMode,
  palette: HealthPalette,
  yScale: number,
): cytoscape.ElementDefinition {
  return {
    group: 'nodes',
    data: { id: node.key, name: node.name, label: node.name, kind: node.type, color: nodeColor(node, mode, palette), group: node.group },
    position: { x: positions.x[index]!, y: positions.y[index]! * yScale },
    classes: node.origin === 'dependencies' ? `${node.type} ${node.aggregates === null ? 'deps-only' : 'fleet'}` : node.type,
  };
}

/** A column and a half apart: the edge skips a layer, where a straight line could run through the nodes between. */
const SKIP_DISTANCE = 1.5 * (NODE_BOX.width + 70);

/**
 * A gentle bow for edges that skip layers, so a long call (frontend → cart) is not drawn over a short one in line with
 * it (frontend → ads). Zero for edges between neighbouring layers.
 */
export function edgeBend(positions: LayoutPositions, source: number, target: number, yScale = 1): number {
  const dx = positions.x[target]! - positions.x[source]!;
  const dy = (positions.y[target]! - positions.y[source]!) * yScale;
  if (Math.abs(dx) < SKIP_DISTANCE) return 0;
  return Math.min(70, 0.12 * Math.hypot(dx, dy));
}
