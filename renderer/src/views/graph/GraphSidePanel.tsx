import type { ReactNode } from 'react';
import type { EdgeRef, TracePair } from '../../../../shared/view-state.js';
import { DismissButton } from '../../components/DismissButton.js';
import { formatCount } from '../../lib/format-count.js';
import type { TimeWindow } from '../../queries/service-graph.js';
import type { BlastRadius } from './blast-radius.js';
import { DependencyEdgePanel, DependencyNodePanel } from './DependencyPanels.js';
import { EdgeTracesPanel } from './EdgeTracesPanel.js';
import type { GraphModel, ViewEdge } from './graph-model.js';
import { LeafNodePanel } from './LeafNodePanel.js';
import { CanaryPanel } from '../slos/CanaryPanel.js';
import { ServiceOperationsPanel } from './ServiceOperationsPanel.js';

interface GraphSidePanelProps {
  model: GraphModel;
  service: string | null;
  edge: EdgeRef | null;
  edgeFigures: ViewEdge[];
  radius: BlastRadius | null;
  window: TimeWindow;
  onSelectEdge: (source: string, target: string) => void;
  onClose: () => void;
  onOpenTrace: (traceId: string) => void;
  onOpenTraces?: (filter: { service?: string; operation?: string; edge?: EdgeRef; diff?: TracePair }) => void;
  children?: ReactNode;
}

/**
 * The host's extra content (an edge table) is skipped, with nothing selected, for graphs this big: a table of every
 * edge would cost more to build than the graph itself, and the graph with its search is the index there.
 */
const HOST_CONTENT_MAX_EDGES = 2000;

/** Details of the selection: a service's blast radius and operations, a leaf's callers, or an edge's traces. */
export function GraphSidePanel(props: GraphSidePanelProps) {
  const { model, service, edge, radius } = props;
  const node = service === null ? undefined : model.nodes.find((n) => n.name === service);
  if (node === undefined && edge === null) {
    return (
      <aside className="graph-side" data-testid="graph-side" data-selection="none">
        <h2 className="panel-title">Service graph</h2>
        <p className="graph-hint">
          Click a service to see its callers, its dependencies and its operations; click an edge to see the traces going
          through it. Scroll to zoom; labels and figures appear as you zoom in.
        </p>
        {model.edges.length <= HOST_CONTENT_MAX_EDGES && <div className="graph-side-scroll">{props.children}</div>}
      </aside>
    );
  }
  return (
    <aside className="graph-side" data-testid="graph-side" data-selection={node !== undefined ? 'node' : 'edge'}>
      <h2 className="panel-title graph-side-title">
        <span className="graph-side-name" data-testid="graph-side-title">
          {node !== undefined ? node.name : `${edge!.source} → ${edge!.target}`}
        </span>
        <DismissButton onClick={props.onClose} />
      </h2>
      <div className="graph-side-scroll">
        {node !== undefined && radius !== null && (
          <p className="graph-radius" data-testid="blast-radius">
            <b>{formatCount(radius.upstream.size)}</b> upstream caller{radius.upstream.size === 1 ? '' : 's'} ·{' '}
            <b>{formatCount(radius.downstream.size)}</b> downstream dependenc{radius.downstream.size === 1 ? 'y' : 'ies'}
          </p>
        )}
        {node !== undefined && <DependencyNodePanel node={node} model={model} window={props.window} />}
        {node !== undefined && node.type === 'service' && node.origin === 'spans' && (
          <ServiceOperationsPanel service={node.name} window={props.window} onOpenTraces={props.onOpenTraces} />
        )}
        {node !== undefined && node.type === 'service' && node.origin === 'spans' && (
          <CanaryPanel
            service={node.name}
            window={props.window}
            onOpenTrace={props.onOpenTrace}
            onDiff={props.onOpenTraces && ((diff) => props.onOpenTraces?.({ service: node.name, diff }))}
          />
        )}
        {node !== undefined && node.type !== 'service' && <LeafNodePanel node={node} model={model} onSelectEdge={props.onSelectEdge} />}
        {node === undefined && edge !== null && <DependencyEdgePanel edge={edge} figures={props.edgeFigures} window={props.window} />}
        {node === undefined && edge !== null && (
          <EdgeTracesPanel
            edge={edge}
            figures={props.edgeFigures.filter((f) => f.origin !== 'dependencies')}
            window={props.window}
            onOpenTrace={props.onOpenTrace}
            onOpenTraces={props.onOpenTraces}
          />
        )}
        {node !== undefined && props.children}
      </div>
    </aside>
  );
}
