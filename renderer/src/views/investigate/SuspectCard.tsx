import type { Suspect } from '../../../../shared/analysis/types.js';
import type { ViewState } from '../../../../shared/view-state.js';

const KIND_LABEL: Record<Suspect['kind'], string> = {
  'error-origin': 'error origin',
  latency: 'latency',
  'version-change': 'version change',
  'traffic-change': 'traffic change',
  async: 'async',
};

function ms(ns: number): string {
  return ns >= 1e9 ? `${(ns / 1e9).toFixed(2)} s` : `${(ns / 1e6).toFixed(1)} ms`;
}

/** One suspect: what it is, why (statement and evidence), and the pivots to check it. */
export function SuspectCard({ suspect, go }: { suspect: Suspect; go: (view: ViewState) => void }) {
  const e = suspect.evidence;
  const worst = e.examples[0];
  return (
    <li className="suspect" data-testid="suspect" data-kind={suspect.kind} data-service={suspect.service} data-operation={suspect.operation}>
      <div className="suspect-head">
        <span className="suspect-rank">{suspect.rank}</span>
        <span className={`suspect-kind suspect-kind-${suspect.kind}`}>{KIND_LABEL[suspect.kind]}</span>
        <span className="suspect-name">
          <strong>{suspect.service}</strong> · {suspect.operation}
        </span>
        <span className="suspect-score" title="Share of the bad requests this suspect explains">
          <span className="suspect-score-bar" style={{ width: `${Math.round(suspect.score * 100)}%` }} />
          {Math.round(suspect.score * 100)}%
        </span>
      </div>
      <p className="suspect-statement" data-testid="suspect-statement">
        {suspect.statement}
      </p>
      <div className="suspect-evidence" data-testid="suspect-evidence">
        <div>
          explains {e.explainedTraces} of {e.badTraces} bad requests
        </div>
        {e.distributions && (
          <table className="suspect-distributions">
            <tbody>
              {Object.entries(e.distributions).map(([name, d]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{d.count}</td>
                  <td>p50 {ms(d.p50Ns)}</td>
                  <td>p95 {ms(d.p95Ns)}</td>
                  <td>p99 {ms(d.p99Ns)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {(e.messages ?? []).slice(0, 2).map((m) => (
          <div key={m.text} className="suspect-message" data-testid="suspect-message">
            ×{m.count} {m.text.split('\n')[0]}
          </div>
        ))}
        {(e.logs ?? []).slice(0, 1).map((l) => (
          <div key={`${l.timeNs}${l.body}`} className="suspect-log">
            log: {l.body.split('\n')[0]}
          </div>
        ))}
      </div>
      <div className="suspect-pivots">
        <button type="button" className="button-small" data-testid="pivot-graph" onClick={() => go({ view: 'graph', service: suspect.service })}>
          Graph
        </button>
        <button type="button" className="button-small" data-testid="pivot-traces" onClick={() => go({ view: 'traces', service: suspect.service, operation: suspect.operation })}>
          Traces
        </button>
        {worst && (
          <button
            type="button"
            className="button-small"
            data-testid="pivot-trace"
            onClick={() => go({ view: 'trace', traceId: worst.traceId, ...(worst.spanIds[0] ? { spanId: worst.spanIds[0] } : {}) })}
          >
            Worst trace
          </button>
        )}
        {worst && (
          <button
            type="button"
            className="button-small"
            data-testid="pivot-logs"
            onClick={() => go({ view: 'logs', traceId: worst.traceId, ...(worst.spanIds[0] ? { spanId: worst.spanIds[0] } : {}) })}
          >
            Logs
          </button>
        )}
      </div>
    </li>
  );
}
