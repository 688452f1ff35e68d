import { formatCount } from '../../lib/format-count.js';
import type { HoverTarget } from './GraphCanvas.js';
import { dependencyText } from './dependency-figures.js';
import { durationText } from './graph-elements.js';

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? formatCount(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** Figures of the hovered node or edge, beside the pointer: readable at any zoom, where canvas labels are not. */
export function GraphTooltip({ target }: { target: HoverTarget }) {
  const style = { left: target.x + 14, top: target.y + 14 };
  if (target.kind === 'node') {
    const { node } = target;
    return (
      <div className="graph-tooltip" style={style} data-testid="graph-tooltip">
        <strong>{node.name}</strong>
        <span className="muted"> {node.system ?? node.type}</span>
        {node.aggregates !== null && node.origin === 'dependencies' ? (
          <div data-testid="tooltip-aggregates">
            from {node.aggregates.source} aggregates: {formatRate(node.aggregates.rate)} req/s · errors {(node.aggregates.errorRatio * 100).toFixed(1)} % · p95{' '}
            {node.aggregates.p95Ms === null ? '–' : durationText(node.aggregates.p95Ms * 1e6)} · no cached spans
          </div>
        ) : node.origin === 'dependencies' ? (
          <div className="muted">only in pulled dependencies: no cached spans</div>
        ) : (
          <div>
            errors {(node.errorRate * 100).toFixed(1)} % · p95 in {node.p95Ns === null ? '–' : durationText(node.p95Ns)} · {formatCount(node.callsIn)} calls in
          </div>
        )}
      </div>
    );
  }
  const { edge } = target;
  return (
    <div className="graph-tooltip" style={style} data-testid="graph-tooltip">
      <strong>
        {edge.source} → {edge.target}
      </strong>
      <span className="muted"> {edge.origin === 'dependencies' ? 'dependencies only' : edge.mode}</span>
      {edge.origin !== 'dependencies' && (
        <>
          <div>
            {formatCount(edge.callCount)} calls · {formatCount(edge.errorCount)} errors
          </div>
          <div>
            p50 {durationText(edge.p50Ns)} · p95 {durationText(edge.p95Ns)} · p99 {durationText(edge.p99Ns)}
          </div>
        </>
      )}
      {edge.dependencies.map((d) => (
        <div key={d.source} className="muted" data-testid="tooltip-dependency">
          {dependencyText(d)}
        </div>
      ))}
    </div>
  );
}
