import type { GraphEdgeDependency } from '../../../../shared/api-types.js';
import type { EdgeRef } from '../../../../shared/view-state.js';
import { formatZoned } from '../../lib/time-range.js';
import type { TimeWindow } from '../../queries/service-graph.js';
import { useWorkbenchState } from '../../state/WorkbenchStateContext.js';
import { PullStatus } from '../sources/PullStatus.js';
import { usePull } from '../sources/use-pull.js';
import { dependencyText, tracePullWindow } from './dependency-figures.js';
import type { GraphModel, ViewEdge, ViewNode } from './graph-model.js';
import './dependencies.css';

/** How many traces a pull through a dependency-only edge asks for: Jaeger UI's default search size. */
const TRACE_PULL_LIMIT = 20;

/**
 * A selected edge's counts from pulled dependencies (Jaeger, Zipkin). When no cached span crosses the edge, the
 * edge → traces pivot has nothing to list: offer to pull the caller's traces from each source that reported it.
 */
export function DependencyEdgePanel({ edge, figures, window }: { edge: EdgeRef; figures: ViewEdge[]; window: TimeWindow }) {
  const dependencies = figures.flatMap((f) => f.dependencies);
  if (dependencies.length === 0) return null;
  const onlyDependencies = figures.every((f) => f.origin === 'dependencies');
  return (
    <section className="graph-panel-section" data-testid="dependency-edge" data-origin={onlyDependencies ? 'dependencies' : 'both'}>
      <h3 className="graph-panel-heading">Pulled dependencies</h3>
      <DependencyFigures dependencies={dependencies} />
      {onlyDependencies && (
        <>
          <p className="graph-hint">
            No cached span crosses this edge: only the backend’s dependencies know these calls. Pull {edge.source}’s traces to
            see them.
          </p>
          {dependencies.map((d) => (
            <PullServiceTraces key={d.source} service={edge.source} dependency={d} window={window} />
          ))}
        </>
      )}
    </section>
  );
}

/** A service only pulled dependencies name: say so, and offer its traces from the sources that named it. */
export function DependencyNodePanel({ node, model, window }: { node: ViewNode; model: GraphModel; window: TimeWindow }) {
  if (node.origin !== 'dependencies') return null;
  const bySource = new Map<string, GraphEdgeDependency>();
  for (const edge of model.edges) {
    if (edge.source !== node.name && edge.target !== node.name) continue;
    for (const d of edge.dependencies) if (!bySource.has(d.source)) bySource.set(d.source, d);
  }
  return (
    <section className="graph-panel-section" data-testid="dependency-node">
      <p className="graph-hint">
        Known only from pulled dependencies ({[...bySource.keys()].join(', ')}): no cached span of {node.name} yet, so it has
        no operations or health to show.
      </p>
      {[...bySource.values()].map((d) => (
        <PullServiceTraces key={d.source} service={node.name} dependency={d} window={window} />
      ))}
    </section>
  );
}

function DependencyFigures({ dependencies }: { dependencies: GraphEdgeDependency[] }) {
  const timeZone = useWorkbenchState().state.timeZone;
  return (
    <ul className="dependency-figures">
      {dependencies.map((d) => (
        <li key={d.source} data-testid="dependency-figure" data-source={d.source}>
          {dependencyText(d)}
          <div className="muted">
            {formatZoned(d.startNs, timeZone)} – {formatZoned(d.endNs, timeZone)}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Pulls `service`'s traces from the dependency's source over the part of the graph's window it counted. */
function PullServiceTraces({ service, dependency, window }: { service: string; dependency: GraphEdgeDependency; window: TimeWindow }) {
  const pull = usePull(dependency.source);
  const timeZone = useWorkbenchState().state.timeZone;
  const busy = pull.starting || pull.job?.state === 'running';
  const ask = () => pull.run({ what: 'traces', query: { service, limit: TRACE_PULL_LIMIT, ...tracePullWindow(window, dependency) } });
  return (
    <div className="dependency-pull" data-testid="dependency-pull" data-source={dependency.source}>
      <button type="button" className="button graph-panel-action" data-testid="dependency-pull-traces" onClick={ask} disabled={busy}>
        Pull {service} traces from {dependency.source}
      </button>
      <PullStatus pull={pull} timeZone={timeZone} />
    </div>
  );
}
