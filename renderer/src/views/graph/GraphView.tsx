import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { EdgeRef, TracePair } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { investigateQuery } from '../investigate/investigate-query.js';
import { suspectRanks } from './suspect-ranks.js';
import { CachedDataHint } from '../../components/CachedDataHint.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatCount } from '../../lib/format-count.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { useServiceGraph, type ServiceGraphState } from '../../queries/service-graph.js';
import { blastRadius } from './blast-radius.js';
import type { ColorMode } from './color-scale.js';
import { GraphCanvas, type HoverTarget } from './GraphCanvas.js';
import { GraphLegend } from './GraphLegend.js';
import { GraphSidePanel } from './GraphSidePanel.js';
import { GraphToolbar } from './GraphToolbar.js';
import { GraphTooltip } from './GraphTooltip.js';
import type { LayoutPositions } from './graph-layout.js';
import { buildGraphModel, layoutRequestOf } from './graph-model.js';
import { GROUP_BY_DEFAULT_ABOVE } from './grouping.js';
import { layoutFor, warmLayoutWorker } from './layout-client.js';
import { keepKnownPositions, rememberedPositions, rememberedStretch, rememberPositions } from './stable-positions.js';
import { usePageTheme } from './use-page-theme.js';
import './graph.css';

// Start the layout worker with the app, so opening the graph does not wait for the worker's script as well.
warmLayoutWorker();

/**
 * The host keeps the selection (view state { view: 'graph', service?, edge? }). Each callback names the whole new
 * selection: selecting a service drops a selected edge and the other way round; undefined clears both.
 */
export interface GraphViewProps {
  service?: string;
  edge?: EdgeRef;
  startNs?: string;
  endNs?: string;
  onSelectService: (name: string | undefined) => void;
  onSelectEdge: (edge: EdgeRef | undefined) => void;
  onOpenTrace: (traceId: string) => void;
  onOpenTraces?: (filter: { service?: string; operation?: string; edge?: EdgeRef; diff?: TracePair }) => void;
  /** The host's own content for the side panel, under a selected service's details or alone (not with an edge). */
  children?: ReactNode;
}

/**
 * The service dependency graph: who calls whom, how often, how slowly, how badly. Selecting a service highlights
 * its blast radius and lists its operations; selecting an edge lists the traces through it.
 */
export function GraphView(props: GraphViewProps) {
  const { service, edge, startNs, endNs } = props;
  const window = useMemo(() => ({ ...(startNs === undefined ? {} : { startNs }), ...(endNs === undefined ? {} : { endNs }) }), [startNs, endNs]);
  const client = useApiClient();
  const graph = useServiceGraph(client, window);
  // Suspects are ringed once Investigate has ranked this window: the graph reads that answer, never starts one.
  const analysis = useQuery({ ...investigateQuery(client, window), enabled: false });
  // With services only a fleet answer knows, the fleet's ranking rings them (cheap: read from the cached answer).
  const hasFleet = graph.data?.nodes.some((n) => n.aggregates !== undefined && n.spanCount === 0) ?? false;
  const fleet = useQuery({ queryKey: [CACHE_SCOPE, 'fleetReport', 'newest'], queryFn: () => client.fleetReport({ confirm: false }), enabled: hasFleet });
  const suspects = useMemo(() => suspectRanks(analysis.data?.result ?? null, fleet.data ?? null), [analysis.data, fleet.data]);
  const theme = usePageTheme();
  const [colorMode, setColorMode] = useState<ColorMode>('errors');
  const [groupChoice, setGroupChoice] = useState<boolean | null>(null);
  const [hover, setHover] = useState<HoverTarget | null>(null);
  const [focus, setFocus] = useState<{ name: string; nonce: number } | null>(null);

  const nodeCount = graph.data?.nodes.length ?? 0;
  const grouped = groupChoice ?? nodeCount > GROUP_BY_DEFAULT_ABOVE;
  const model = useMemo(() => (graph.data === undefined ? null : buildGraphModel(graph.data, grouped)), [graph.data, grouped]);
  const [layout, setLayout] = useState<{ key: string; positions: LayoutPositions } | null>(null);
  useEffect(() => {
    if (model === null) return;
    let live = true;
    void layoutFor(model.shapeKey, () => layoutRequestOf(model)).then((fresh) => {
      if (!live) return;
      // A flat graph keeps the nodes already seen where they were (a grouped one is laid out by its group boxes).
      let positions = fresh;
      if (model.groups.length === 0) {
        const names = model.nodes.map((n) => n.name);
        positions = keepKnownPositions(names, fresh, rememberedPositions(), layoutRequestOf(model).edges);
        if (positions !== fresh) positions = { ...positions, yScale: rememberedStretch() };
        rememberPositions(names, positions);
      }
      setLayout({ key: model.shapeKey, positions });
    });
    return () => {
      live = false;
    };
  }, [model]);

  const selectedNode = service !== undefined && model?.nodes.some((n) => n.name === service) ? service : null;
  const radius = useMemo(() => (model === null || selectedNode === null ? null : blastRadius(model.edges, selectedNode)), [model, selectedNode]);
  const selectedEdges = useMemo(
    () => (model === null || edge === undefined ? [] : model.edges.filter((e) => e.source === edge.source && e.target === edge.target)),
    [model, edge],
  );
  const names = useMemo(() => (model === null ? [] : model.nodes.map((n) => n.name).sort()), [model]);
  const canGroup = model !== null && (model.groups.length > 0 || !grouped) && nodeCount > 1;
  const positions = layout !== null && model !== null && layout.key === model.shapeKey ? layout.positions : null;

  return (
    <section className="graph-view" data-testid="graph-view" data-status={graph.status}>
      <GraphToolbar
        names={names}
        colorMode={colorMode}
        onColorMode={setColorMode}
        grouped={grouped}
        canGroup={canGroup}
        onGrouped={setGroupChoice}
        onFind={(name) => {
          setFocus((last) => ({ name, nonce: (last?.nonce ?? 0) + 1 }));
          props.onSelectService(name);
        }}
        summary={model === null ? '' : `${formatCount(model.nodes.length)} nodes · ${formatCount(model.edges.length)} edges${graphNote(graph)}`}
      />
      <div className="graph-body">
        <div className="graph-stage">
          {graph.status === 'pending' && <LoadingState label="Building the service graph…" />}
          {graph.status === 'error' && <ErrorState title="Could not build the service graph" error={graph.error} />}
          {model !== null && model.nodes.length === 0 && (
            <EmptyState title="No services in this time range">
              Import traces to see who calls whom.
              <CachedDataHint />
            </EmptyState>
          )}
          {model !== null && model.nodes.length > 0 && positions === null && <LoadingState label="Laying out the graph…" />}
          {model !== null && positions !== null && model.nodes.length > 0 && (
            <GraphCanvas
              model={model}
              positions={positions}
              colorMode={colorMode}
              theme={theme}
              selectedNode={selectedNode}
              selectedEdgeKey={selectedEdges[0]?.key ?? null}
              radius={radius}
              focus={focus}
              suspects={suspects}
              onNodeClick={(node) => props.onSelectService(node.name === service ? undefined : node.name)}
              onEdgeClick={(clicked) => props.onSelectEdge({ source: clicked.source, target: clicked.target })}
              onBackgroundClick={() => props.onSelectService(undefined)}
              onHover={setHover}
            />
          )}
          {hover !== null && <GraphTooltip target={hover} />}
          {model !== null && model.nodes.length > 0 && <GraphLegend
              mode={colorMode}
              theme={theme}
              dependencies={model.edges.some((e) => e.origin === 'dependencies')}
              fleet={model.nodes.find((n) => n.origin === 'dependencies' && n.aggregates !== null)?.aggregates?.source ?? null}
            />}
        </div>
        {model !== null && (
          <GraphSidePanel
            model={model}
            service={selectedNode}
            edge={edge ?? null}
            edgeFigures={selectedEdges}
            radius={radius}
            window={window}
            onSelectEdge={(source, target) => props.onSelectEdge({ source, target })}
            onClose={() => props.onSelectService(undefined)}
            onOpenTrace={props.onOpenTrace}
            onOpenTraces={props.onOpenTraces}
          >
            {props.children}
          </GraphSidePanel>
        )}
      </div>
    </section>
  );
}

/** What the toolbar says of a graph that is not the exact, committed one yet. */
function graphNote(graph: ServiceGraphState): string {
  const arriving = graph.data?.arriving;
  if (arriving !== undefined) return ` · with ${formatCount(arriving.spans)} spans ${arriving.from === 'pull' ? 'a pull' : 'an import'} has stored so far, growing as they arrive`;
  return graph.refining ? ' · whole minutes, counting the exact window…' : '';
}
