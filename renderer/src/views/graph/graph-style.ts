import type cytoscape from 'cytoscape';

/** Theme colours the graph reads from the page's CSS variables (renderer/src/styles/theme.css). */
export interface GraphTheme {
  bg: string;
  panel: string;
  raised: string;
  border: string;
  borderStrong: string;
  text: string;
  textMuted: string;
  accent: string;
  error: string;
  warn: string;
}

export function readGraphTheme(element: Element): GraphTheme {
  const style = getComputedStyle(element);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    bg: v('--bg'),
    panel: v('--bg-panel'),
    raised: v('--bg-raised'),
    border: v('--border'),
    borderStrong: v('--border-strong'),
    text: v('--text'),
    textMuted: v('--text-muted'),
    accent: v('--accent'),
    error: v('--error'),
    warn: v('--warn'),
  };
}

/**
 * Above this many edges even haystack lines cost more per frame than a frame has (15,000 lines redrawn on every pan
 * step), and zoomed out they are a solid hairball anyway: edges then show only for the part of the graph on screen
 * once zoomed in (class "shown"), and for a selection, always.
 */
export const HUGE_GRAPH_EDGES = 6000;

/** Above this many elements the graph draws for speed: haystack edges without arrows, labels only when zoomed in. */
export const LARGE_GRAPH_ELEMENTS = 1500;

/**
 * The stylesheet. Shapes tell node types apart (services round, databases barrels, queues pipes, externals
 * hexagons); solid arrows are synchronous calls, dashed ones asynchronous messages; edge width grows with the call
 * count. Colours come from data(color), set by the colour mode.
 */
export function graphStyle(theme: GraphTheme, large: boolean, huge = false): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        'border-width': 2,
        'border-color': theme.panel,
        width: large ? 26 : 30,
        height: large ? 26 : 30,
        // A large graph labels only the nodes on screen once zoomed in (class "labelled"): thousands of labels
        // measured and drawn at a zoom where none is readable would only cost frames.
        label: large ? '' : 'data(label)',
        color: theme.text,
        'font-size': large ? 11 : 13,
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-outline-color': theme.bg,
        'text-outline-width': large ? 0 : 2,
        // Below this on-screen size a label is noise (and costs frames): it appears as you zoom in.
        'min-zoomed-font-size': large ? 9 : 6,
        'text-max-width': '140px',
        'text-wrap': 'ellipsis',
        'z-index-compare': 'manual',
        'z-index': 2,
      },
    },
    { selector: 'node.labelled, node.selected, node.upstream, node.downstream, node.found', style: { label: 'data(label)' } },
    { selector: 'node.database', style: { shape: 'barrel', width: large ? 24 : 28, height: large ? 28 : 32 } },
    { selector: 'node.messaging', style: { shape: 'round-rectangle', width: large ? 36 : 42, height: large ? 18 : 20 } },
    { selector: 'node.external', style: { shape: 'round-hexagon', width: large ? 28 : 32, height: large ? 25 : 29 } },
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle',
        width: 'data(width)',
        height: 'data(height)',
        'z-index': 0,
        'border-width': 1,
        'background-color': theme.raised,
        'background-opacity': 0.6,
        'border-color': theme.borderStrong,
        label: 'data(label)',
        color: theme.textMuted,
        // Group names stay readable when the graph is zoomed out to fit: they are what orients you there.
        'font-size': 26,
        'font-weight': 600,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': 30,
        'text-outline-width': 0,
        'min-zoomed-font-size': 6,
      },
    },
    {
      // A collapsed group: one node as big as its members' box, coloured by its worst member, named large enough
      // to read with the whole graph on screen.
      selector: 'node.group.collapsed',
      style: {
        'background-color': 'data(color)',
        'background-opacity': 0.3,
        'border-width': 4,
        'border-color': 'data(color)',
        color: theme.text,
        'font-size': 'data(fontSize)',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-wrap': 'wrap',
        'text-max-width': '2000px',
        'line-height': 1.15,
        'min-zoomed-font-size': 4,
      },
    },
    {
      selector: 'edge',
      style: {
        'z-index-compare': 'manual',
        'z-index': 1,
        width: 'data(width)',
        'line-color': 'data(color)',
        'target-arrow-color': 'data(color)',
        'target-arrow-shape': large ? 'none' : 'triangle',
        'arrow-scale': 0.9,
        'curve-style': large ? 'haystack' : 'bezier',
        'haystack-radius': 0,
        opacity: large ? 0.55 : 0.85,
        label: large ? '' : 'data(label)',
        'font-size': 10,
        color: theme.textMuted,
        'text-rotation': 'autorotate',
        'text-margin-y': -8,
        'text-outline-color': theme.bg,
        'text-outline-width': 2,
        // Call counts and latency show once zoomed in past 1.6× (at the fitted zoom the labels of neighbouring edges
        // overprint each other and the node names), on a hovered edge, and on a selection's edges.
        'min-zoomed-font-size': EDGE_LABEL_MIN_ZOOMED_PX,
        'text-background-color': theme.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge.async', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    // Known only from a backend's pulled dependencies: dotted and muted until traces show the calls themselves.
    {
      selector: 'edge.deps-only',
      style: { 'line-style': 'dotted', 'line-dash-pattern': [2, 4], 'line-color': theme.textMuted, 'target-arrow-color': theme.textMuted, opacity: large ? 0.45 : 0.7 },
    },
    { selector: 'node.deps-only', style: { 'background-opacity': 0.35, 'border-style': 'dashed', 'border-color': theme.textMuted, 'border-width': 2 } },
    // Known from a fleet answer (span metrics): coloured by the backend's figures, dashed because no cached span is behind them.
    { selector: 'node.fleet', style: { 'border-style': 'dashed', 'border-color': theme.textMuted, 'border-width': 2 } },
    ...(huge ? [{ selector: 'edge', style: { display: 'none' } } as const, { selector: 'edge.shown, edge.radius, edge.selected', style: { display: 'element' } } as const] : []),
    ...(large
      ? []
      : [
          {
            selector: 'edge.long',
            style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 'data(bend)', 'control-point-weights': 0.5 },
          } as const,
        ]),
    {
      // Calls between collapsed groups, added up: few enough to always draw, with arrows, thick enough to see zoomed out.
      selector: 'edge.between-groups',
      style: {
        display: 'element',
        'curve-style': 'straight',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1.2,
        width: 'mapData(width, 1, 6, 2, 10)',
        opacity: 0.5,
        // Under the group boxes: they show between groups and fade behind an open group's members.
        'z-index': -1,
        label: '',
      },
    },
    { selector: '.dimmed', style: { opacity: 0.12, 'text-opacity': 0.3 } },
    { selector: 'node.group.dimmed', style: { opacity: 0.35 } },
    {
      selector: 'node.upstream, node.downstream',
      style: { 'border-color': theme.accent, 'border-width': 2, 'min-zoomed-font-size': 0, 'font-weight': 600 },
    },
    {
      selector: 'node.selected',
      style: { 'border-color': theme.accent, 'border-width': 4, 'min-zoomed-font-size': 0, 'font-weight': 700, color: theme.text },
    },
    {
      selector: 'edge.radius',
      style: {
        opacity: 1,
        'line-color': theme.accent,
        'target-arrow-color': theme.accent,
        'target-arrow-shape': 'triangle',
        // Even a large graph draws the few edges of a selection properly, arrows included.
        ...(large ? { 'curve-style': 'bezier' as const } : {}),
        'z-index': 10,
      },
    },
    {
      selector: 'edge.selected',
      style: {
        opacity: 1,
        'line-color': theme.accent,
        'target-arrow-color': theme.accent,
        'target-arrow-shape': 'triangle',
        ...(large ? { 'curve-style': 'bezier' as const } : {}),
        width: 'mapData(width, 1, 6, 3, 7)',
        label: 'data(label)',
        'min-zoomed-font-size': 0,
        color: theme.text,
        'z-index': 20,
      },
    },
    { selector: 'edge.hovered, edge.radius', style: { 'min-zoomed-font-size': 0, color: theme.text, 'z-index': 15 } },
    { selector: 'node.group.collapsed.upstream, node.group.collapsed.downstream', style: { 'border-color': theme.accent, 'border-width': 14 } },
    { selector: 'edge.between-groups.radius', style: { 'curve-style': 'straight' } },
    { selector: 'node.found', style: { 'border-color': theme.warn, 'border-width': 4, 'min-zoomed-font-size': 0 } },
    // The analysis's suspects (Investigate): a double ring in the error colour and their rank, at every zoom.
    {
      selector: 'node.suspect',
      style: {
        'border-color': theme.error,
        'border-width': 6,
        'border-style': 'double',
        label: 'data(suspectLabel)',
        'min-zoomed-font-size': 0,
        'font-weight': 700,
        color: theme.error,
      },
    },
    { selector: 'node.group.collapsed.suspect', style: { 'border-width': 16 } },
  ];
}

/** Edge labels are 10 px: hidden below this on-screen size, i.e. until zoomed in 1.6×. */
export const EDGE_LABEL_MIN_ZOOMED_PX = 16;

/** Edge width from 1 to 6 px by call count, on a log scale relative to the busiest edge. */
export function edgeWidth(callCount: number, maxCalls: number): number {
  if (maxCalls <= 1) return 2;
  return 1 + (5 * Math.log10(Math.max(1, callCount))) / Math.log10(maxCalls);
}
