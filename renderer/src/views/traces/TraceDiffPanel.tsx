import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatDuration } from '../../lib/format-duration.js';
import { diffTracesQuery } from '../../queries/compare.js';

/** Mean calls per trace: whole for two traces, one decimal for groups. */
const calls = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const ms = (ns: number) => formatDuration(BigInt(Math.round(Math.abs(ns))));
const CHANGE_TEXT = { 'only-a': 'only in A', 'only-b': 'only in B', 'more-calls': 'more calls in B', 'fewer-calls': 'fewer calls in B', same: '' } as const;

/** Two picked traces merged on service:operation paths: what only one has, repeated calls, and time per path. */
export function TraceDiffPanel({ a, b, onClose }: { a: string; b: string; onClose: () => void }) {
  const result = useQuery(diffTracesQuery(useApiClient(), a, b));
  return (
    <section className="compare-section trace-diff" data-testid="trace-diff">
      <div className="view-toolbar">
        <h3 className="section-title">
          Diff · A <span className="mono">{a.slice(0, 12)}</span> vs B <span className="mono">{b.slice(0, 12)}</span>
        </h3>
        <span className="header-spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close diff
        </button>
      </div>
      {result.isPending && <LoadingState label="Merging the two traces…" />}
      {result.isError && <ErrorState title="Could not diff the traces" error={result.error} />}
      {result.data && (
        <>
          <p className="compare-statement" data-testid="trace-diff-summary">
            A took {ms(result.data.durationA)}, B took {ms(result.data.durationB)} ({result.data.durationB >= result.data.durationA ? '+' : '−'}
            {ms(result.data.durationB - result.data.durationA)}). Largest differences first.
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th>Service: operation (path)</th>
                <th className="numeric fit">A</th>
                <th className="numeric fit">B</th>
                <th className="numeric fit">Δ</th>
                <th className="numeric fit">Calls A→B</th>
                <th className="fit">Change</th>
              </tr>
            </thead>
            <tbody>
              {result.data.nodes.slice(0, 40).map((n) => (
                <tr key={n.path} data-testid="trace-diff-node" data-change={n.change} title={n.path}>
                  <td style={{ paddingLeft: 8 + Math.min(n.depth, 12) * 12 }}>
                    <span className="service-tag">{n.service}</span> {n.operation}
                  </td>
                  <td className="numeric">{ms(n.durationA)}</td>
                  <td className="numeric">{ms(n.durationB)}</td>
                  <td className={`numeric ${n.durationB > n.durationA ? 'diff-slower' : 'diff-faster'}`}>
                    {n.durationB >= n.durationA ? '+' : '−'}
                    {ms(n.durationB - n.durationA)}
                  </td>
                  <td className="numeric">
                    {calls(n.countA)}→{calls(n.countB)}
                  </td>
                  <td>{CHANGE_TEXT[n.change] && <span className="wf-finding">{CHANGE_TEXT[n.change]}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
