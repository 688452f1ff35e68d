import { formatCount } from '../../lib/format-count.js';
import { durationText } from './graph-elements.js';
import type { GraphModel, ViewNode } from './graph-model.js';

const TYPE_NAMES = { database: 'Database', messaging: 'Queue / topic', external: 'External service', service: 'Service' } as const;

/** A database, queue or external peer has no operations of its own: show who calls it and how that goes. */
export function LeafNodePanel({ node, model, onSelectEdge }: { node: ViewNode; model: GraphModel; onSelectEdge: (source: string, target: string) => void }) {
  const touching = model.edges.filter((e) => e.target === node.name || e.source === node.name);
  return (
    <section className="graph-panel-section" data-testid="leaf-node" data-node={node.name}>
      <h3 className="graph-panel-heading">
        {TYPE_NAMES[node.type]}
        {node.system !== null && <span className="muted"> · {node.system}</span>}
      </h3>
      <table className="data-table graph-table">
        <thead>
          <tr>
            <th>Edge</th>
            <th className="numeric">Calls</th>
            <th className="numeric">Errors</th>
            <th className="numeric">p95</th>
          </tr>
        </thead>
        <tbody>
          {touching.map((edge) => (
            <tr key={edge.key} className="clickable" onClick={() => onSelectEdge(edge.source, edge.target)}>
              <td>
                {edge.source} → {edge.target}
              </td>
              <td className="numeric">{formatCount(edge.callCount)}</td>
              <td className={edge.errorCount > 0 ? 'numeric text-error' : 'numeric muted'}>{edge.errorCount > 0 ? formatCount(edge.errorCount) : '–'}</td>
              <td className="numeric">{durationText(edge.p95Ns)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
