import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { BlastRadius } from './blast-radius.js';
import { CollapsedCanvas, type Paint } from './collapsed-canvas.js';
import { COLLAPSE_GROUPS_ABOVE } from './collapsed-groups.js';
import { PALETTES, type ColorMode } from './color-scale.js';
import { edgeColor, graphElements, nodeColor } from './graph-elements.js';
import { verticalStretch, type LayoutPositions } from './graph-layout.js';
import { rememberStretch } from './stable-positions.js';
import { groupKey, nodeKey, type GraphModel, type ViewEdge, type ViewNode } from './graph-model.js';
import { HUGE_GRAPH_EDGES, LARGE_GRAPH_ELEMENTS, graphStyle, readGraphTheme } from './graph-style.js';
import type { PageTheme } from './use-page-theme.js';

export type HoverTarget = { kind: 'node'; node: ViewNode; x: number; y: number } | { kind: 'edge'; edge: ViewEdge; x: number; y: number };

interface GraphCanvasProps {
  model: GraphModel;
  positions: LayoutPositions;
  colorMode: ColorMode;
  theme: PageTheme;
  selectedNode: string | null;
  selectedEdgeKey: string | null;
  radius: BlastRadius | null;
  /** A node to bring into view; the nonce repeats the move for the same node. */
  focus: { name: string; nonce: number } | null;
  /** Services the analysis ranks as suspects (Investigate), by rank: ringed, and labelled with their rank. */
  suspects: ReadonlyMap<string, number>;
  onNodeClick: (node: ViewNode) => void;
  onEdgeClick: (edge: ViewEdge) => void;
  onBackgroundClick: () => void;
  onHover: (target: HoverTarget | null) => void;
}

interface TestHooks {
  __casefileTestHooks?: boolean;
  __casefileGraph?: cytoscape.Core;
}

/**
 * The cytoscape canvas. Positions come precomputed (a worker's layout), so creating it is only parsing elements and
 * a first draw; selection, colour mode and theme changes restyle the existing elements in one batch.
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const { model, positions, colorMode, theme, selectedNode, selectedEdgeKey, radius, focus, suspects } = props;
  const container = useRef<HTMLDivElement>(null);
  const [cy, setCy] = useState<cytoscape.Core | null>(null);
  const [painted, setPainted] = useState(false);
  // A huge grouped graph draws its groups collapsed; `drawn` counts its expansions so highlighting reapplies.
  const [collapsed, setCollapsed] = useState<CollapsedCanvas | null>(null);
  const [drawn, setDrawn] = useState(0);
  const handlers = useRef(props);
  handlers.current = props;
  // Figures at creation time; later changes go through the restyling effects below.
  const initial = useRef({ colorMode, theme });
  initial.current = { colorMode, theme };

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    setPainted(false);
    const large = model.nodes.length + model.edges.length > LARGE_GRAPH_ELEMENTS;
    const huge = model.edges.length > HUGE_GRAPH_EDGES;
    const graphTheme = readGraphTheme(element);
    const { colorMode: mode, theme: themeName } = initial.current;
    // Kept positions keep the stretch they were drawn with, or the nodes a reader knows would still move up or down.
    const yScale = positions.yScale ?? verticalStretch(positions, element.clientWidth, element.clientHeight);
    if (model.groups.length === 0) rememberStretch(yScale);
    const paint = (): Paint => ({
      mode: initial.current.colorMode,
      palette: PALETTES[initial.current.theme],
      neutralEdge: readGraphTheme(element).borderStrong,
    });
    const groups = model.groups.length > 0 && model.nodes.length > COLLAPSE_GROUPS_ABOVE ? new CollapsedCanvas(model, positions, yScale, paint) : null;
    const instance = cytoscape({
      container: element,
      elements: groups?.initialElements() ?? graphElements(model, positions, mode, PALETTES[themeName], graphTheme.borderStrong, yScale),
      style: graphStyle(graphTheme, large, huge),
      // The fit is computed from the positions: cytoscape's own fit measures every label first.
      layout: { name: 'preset', fit: false },
      ...fitViewport(positions, yScale, element.clientWidth, element.clientHeight),
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: large,
      // Large graphs draw a cached bitmap while panning and zooming, and skip edges mid-gesture.
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      motionBlur: false,
      pixelRatio: large ? 1 : 'auto',
    });
    groups?.attach(instance);
    const modelNodes = new Map(model.nodes.map((n) => [n.key, n]));
    const modelEdges = new Map(model.edges.map((e) => [e.key, e]));
    const nodeOf = (id: string) => (groups === null ? modelNodes.get(id) : groups.nodeOf(id));
    const edgeOf = (id: string) => (groups === null ? modelEdges.get(id) : groups.edgeOf(id));
    const redrawn = () => setDrawn((n) => n + 1);
    instance.on('tap', (event) => {
      const target = event.target as cytoscape.Core | cytoscape.SingularElementReturnValue;
      if (target === instance) return handlers.current.onBackgroundClick();
      const id = (target as cytoscape.SingularElementReturnValue).id();
      const group = groups?.groupOfKey(id);
      if (groups !== null && group !== undefined && !groups.isExpanded(group.name)) {
        // A collapsed group: draw its members, and zoom into them.
        groups.expand(group.name);
        redrawn();
      } else {
        const edge = edgeOf(id);
        if (groups !== null && edge !== undefined && 'aggregate' in edge && edge.aggregate) {
          // Calls into or out of collapsed groups: open both ends to show the calls themselves.
          const ends = [edge.source, edge.target].filter((name) => groups.collapse.groups.some((g) => g.name === name));
          if (groups.expand(...ends)) redrawn();
          return;
        }
        const node = group === undefined ? nodeOf(id) : undefined;
        if (node !== undefined) return handlers.current.onNodeClick(node);
        if (edge !== undefined) return handlers.current.onEdgeClick(edge);
      }
      // A group box: zoom into it.
      instance.animate({ fit: { eles: target as cytoscape.NodeSingular, padding: 20 } }, { duration: 250 });
    });
    // Double-clicking an open group's box folds it back into one node.
    instance.on('dbltap', 'node.group', (event) => {
      const group = groups?.groupOfKey((event.target as cytoscape.NodeSingular).id());
      if (groups !== null && group !== undefined && groups.isExpanded(group.name) && groups.collapseGroup(group.name)) redrawn();
    });
    instance.on('mouseover', 'node, edge', (event) => {
      const target = event.target as cytoscape.SingularElementReturnValue;
      const { x, y } = event.renderedPosition ?? { x: 0, y: 0 };
      const node = nodeOf(target.id());
      const edge = edgeOf(target.id());
      if (node !== undefined) handlers.current.onHover({ kind: 'node', node, x, y });
      else if (edge !== undefined) {
        // Its call count and latency label shows while hovered, whatever the zoom.
        target.addClass('hovered');
        handlers.current.onHover({ kind: 'edge', edge, x, y });
      }
    });
    instance.on('mouseout', 'node, edge', (event) => {
      (event.target as cytoscape.SingularElementReturnValue).removeClass('hovered');
      handlers.current.onHover(null);
    });
    instance.on('viewport', () => handlers.current.onHover(null));
    if (large) showDetailOnScreenWhenZoomedIn(instance, huge, () => {
      if (groups?.expandZoomedInto() === true) redrawn();
    });
    // "Painted" once the renderer has drawn the first frame with the elements in it.
    instance.one('render', () => requestAnimationFrame(() => setPainted(true)));
    if ((window as TestHooks).__casefileTestHooks === true) (window as TestHooks).__casefileGraph = instance;
    setCy(instance);
    setCollapsed(groups);
    return () => {
      instance.destroy();
      setCy(null);
      setCollapsed(null);
    };
  }, [model, positions]);

  // What the canvas was created or last restyled with: creation already coloured it, so only changes restyle.
  const styled = useRef<{ cy: cytoscape.Core; colorMode: ColorMode; theme: PageTheme } | null>(null);
  useEffect(() => {
    if (cy === null || container.current === null) return;
    const last = styled.current;
    styled.current = { cy, colorMode, theme };
    if (last === null || last.cy !== cy || (last.colorMode === colorMode && last.theme === theme)) return;
    const graphTheme = readGraphTheme(container.current);
    const palette = PALETTES[theme];
    const large = model.nodes.length + model.edges.length > LARGE_GRAPH_ELEMENTS;
    const huge = model.edges.length > HUGE_GRAPH_EDGES;
    if (collapsed !== null) collapsed.restyle();
    else cy.batch(() => {
      for (const node of model.nodes) cy.getElementById(node.key).data('color', nodeColor(node, colorMode, palette));
      for (const edge of model.edges) cy.getElementById(edge.key).data('color', edgeColor(edge, colorMode, palette, graphTheme.borderStrong));
    });
    cy.style(graphStyle(graphTheme, large, huge));
  }, [cy, collapsed, model, colorMode, theme]);

  useEffect(() => {
    if (cy === null) return;
    if (collapsed !== null) {
      // A selected service inside a collapsed group opens that group (the next run highlights what it drew).
      if (selectedNode !== null && collapsed.reveal(selectedNode)) return setDrawn((n) => n + 1);
      return collapsed.highlight(selectedNode, radius, selectedEdgeKey);
    }
    cy.batch(() => {
      cy.elements('.dimmed, .upstream, .downstream, .selected, .radius').removeClass('dimmed upstream downstream selected radius');
      if (selectedNode !== null && radius !== null) {
        const keep = new Set([selectedNode, ...radius.upstream, ...radius.downstream].map(nodeKey));
        cy.nodes().forEach((node) => {
          if (!node.hasClass('group') && !keep.has(node.id())) node.addClass('dimmed');
        });
        for (const name of radius.upstream) cy.getElementById(nodeKey(name)).addClass('upstream');
        for (const name of radius.downstream) cy.getElementById(nodeKey(name)).addClass('downstream');
        cy.getElementById(nodeKey(selectedNode)).addClass('selected');
        cy.edges().addClass('dimmed');
        for (const index of radius.edges) cy.getElementById(model.edges[index]!.key).removeClass('dimmed').addClass('radius');
        // Group boxes with nothing highlighted inside fade too.
        const lit = new Set(model.nodes.filter((n) => n.group !== null && keep.has(n.key)).map((n) => groupKey(n.group!)));
        cy.nodes('.group').forEach((group) => {
          if (!lit.has(group.id())) group.addClass('dimmed');
        });
      }
      if (selectedEdgeKey !== null) cy.getElementById(selectedEdgeKey).addClass('selected');
    });
  }, [cy, collapsed, drawn, model, selectedNode, selectedEdgeKey, radius]);

  useEffect(() => {
    if (cy === null) return;
    cy.batch(() => {
      cy.nodes('.suspect').removeClass('suspect');
      for (const [name, rank] of [...suspects].sort((a, b) => b[1] - a[1])) {
        let node = cy.getElementById(nodeKey(name));
        let label = `#${rank} ${node.data('label') as string}`;
        // Inside a collapsed group: the group is ringed, and says who (the best rank wins the label).
        const group = node.empty() ? collapsed?.collapse.groupOf(name) : undefined;
        if (group != null && !collapsed!.isExpanded(group.name)) {
          node = cy.getElementById(group.key);
          label = `#${rank} ${name} (in ${group.name})`;
        }
        if (node.empty()) continue;
        node.data('suspectLabel', label);
        node.addClass('suspect');
      }
    });
  }, [cy, collapsed, drawn, model, suspects]);

  useEffect(() => {
    if (cy === null || focus === null) return;
    if (collapsed?.reveal(focus.name) === true) setDrawn((n) => n + 1);
    const node = cy.getElementById(nodeKey(focus.name));
    if (node.empty()) return;
    cy.nodes('.found').removeClass('found');
    node.addClass('found');
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
  }, [cy, collapsed, focus]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      data-testid="graph-canvas"
      data-painted={painted}
      data-shape-key={model.shapeKey}
      data-node-count={model.nodes.length}
      data-edge-count={model.edges.length}
      data-drawn={drawn}
      data-suspects={[...suspects.keys()].join(',')}
    />
  );
}

/** Zoom and pan that fit the drawn positions in the viewport, with a margin. */
function fitViewport(positions: LayoutPositions, yScale: number, width: number, height: number): { zoom: number; pan: { x: number; y: number } } {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < positions.x.length; i++) {
    minX = Math.min(minX, positions.x[i]!);
    maxX = Math.max(maxX, positions.x[i]!);
    minY = Math.min(minY, positions.y[i]! * yScale);
    maxY = Math.max(maxY, positions.y[i]! * yScale);
  }
  const margin = 60; // room for the outermost nodes' labels and group boxes
  const zoom = Math.min(2, Math.max(0.02, Math.min(width / (maxX - minX + 2 * margin), height / (maxY - minY + 2 * margin))));
  return { zoom, pan: { x: width / 2 - zoom * ((minX + maxX) / 2), y: height / 2 - zoom * ((minY + maxY) / 2) } };
}

/** Zoom from which a large graph labels its nodes (only those on screen, so a label costs nothing off it). */
const LABEL_ZOOM = 0.55;
/** Zoom from which a huge graph draws the edges touching the nodes on screen. */
const EDGE_ZOOM = 0.25;

function showDetailOnScreenWhenZoomedIn(cy: cytoscape.Core, huge: boolean, beforeUpdate: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    beforeUpdate();
    cy.batch(() => {
      const zoom = cy.zoom();
      const { x1, y1, x2, y2 } = cy.extent();
      const visible =
        zoom < Math.min(LABEL_ZOOM, huge ? EDGE_ZOOM : LABEL_ZOOM)
          ? cy.collection()
          : cy.nodes().not('.group').filter((node: cytoscape.NodeSingular) => {
              const { x, y } = node.position();
              return x >= x1 && x <= x2 && y >= y1 && y <= y2;
            });
      const labelled = cy.nodes('.labelled');
      const label = zoom >= LABEL_ZOOM ? visible : cy.collection();
      labelled.difference(label).removeClass('labelled');
      label.addClass('labelled');
      if (huge) {
        const shown = cy.edges('.shown');
        const edges = zoom >= EDGE_ZOOM ? visible.connectedEdges() : cy.collection();
        shown.difference(edges).removeClass('shown');
        edges.addClass('shown');
      }
    });
  };
  cy.on('viewport', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  cy.on('destroy', () => clearTimeout(timer));
}
