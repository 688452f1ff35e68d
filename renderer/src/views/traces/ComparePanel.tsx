import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Selection } from '../../../../shared/analysis/compare/compare-types.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatDuration } from '../../lib/format-duration.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { compareAttributesQuery, compareValuesQuery } from '../../queries/compare.js';

interface ComparePanelProps {
  by: string;
  service: string | undefined;
  window: TimeWindow;
}

const ms = (ns: number) => formatDuration(BigInt(Math.round(ns)));
const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

/**
 * Compare under a group-by: the key's values side by side with the change said in words, and BubbleUp — which
 * attributes set the slow spans (or the errors) apart from the rest.
 */
export function ComparePanel({ by, service, window }: ComparePanelProps) {
  return (
    <div className="compare-panel" data-testid="compare-panel">
      <ValuesSideBySide by={by} service={service} window={window} />
      <BubbleUpSection service={service} window={window} />
    </div>
  );
}

function ValuesSideBySide({ by, service, window }: ComparePanelProps) {
  const result = useQuery(compareValuesQuery(useApiClient(), by, service, window));
  if (result.isPending) return <LoadingState label={`Comparing ${by} values…`} />;
  if (result.isError) return <ErrorState title={`Could not compare ${by}`} error={result.error} />;
  const { values, statement } = result.data;
  // A service's own key compared across all services comes per service: say whose each value is.
  const perService = values.some((v) => v.service !== undefined);
  return (
    <section className="compare-section" data-testid="compare-values">
      <h3 className="section-title">
        {by} side by side{service ? ` · requests of ${service}` : ''}
      </h3>
      <p className="compare-statement" data-testid="compare-statement">
        {statement}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            {perService && <th>Service</th>}
            <th>{by}</th>
            <th className="numeric fit">Requests</th>
            <th className="numeric fit">Share</th>
            <th className="numeric fit">Rate/s</th>
            <th className="numeric fit">Errors</th>
            <th className="numeric fit">p50</th>
            <th className="numeric fit">p95</th>
            <th className="numeric fit">p99</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v) => (
            <tr key={`${v.service ?? ''}\u0000${v.value}`} data-testid="compare-value" data-value={v.value} data-service={v.service ?? ''}>
              {perService && <td className="service-tag-cell">{v.service}</td>}
              <td className="group-value">{v.value}</td>
              <td className="numeric">{v.count}</td>
              <td className="numeric">{pct(v.share)}</td>
              <td className="numeric">{v.rate.toFixed(2)}</td>
              <td className="numeric">{pct(v.errorRate)}</td>
              <td className="numeric">{ms(v.p50Ns)}</td>
              <td className="numeric">{ms(v.p95Ns)}</td>
              <td className="numeric">{ms(v.p99Ns)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BubbleUpSection({ service, window }: Omit<ComparePanelProps, 'by'>) {
  const [slowMs, setSlowMs] = useState(250);
  const [kind, setKind] = useState<'slow' | 'errors'>('slow');
  const selection: Selection = kind === 'errors' ? { kind: 'errors' } : { kind: 'slow', minDurationNs: slowMs * 1e6 };
  const result = useQuery(compareAttributesQuery(useApiClient(), selection, service, window));
  return (
    <section className="compare-section" data-testid="bubble-up">
      <h3 className="section-title">What sets them apart (BubbleUp)</h3>
      <div className="compare-controls">
        <label className="checkbox-label">
          <input type="radio" name="bubble-up-kind" data-testid="bubble-up-slow" checked={kind === 'slow'} onChange={() => setKind('slow')} />
          spans slower than
        </label>
        <input className="text-input compare-ms" type="number" min={1} value={slowMs} aria-label="Slow threshold in milliseconds" onChange={(e) => setSlowMs(Math.max(1, Number(e.target.value) || 1))} />
        <span className="muted">ms</span>
        <label className="checkbox-label">
          <input type="radio" name="bubble-up-kind" data-testid="bubble-up-errors" checked={kind === 'errors'} onChange={() => setKind('errors')} />
          spans in error
        </label>
        <span className="muted">vs the rest{service ? ` of ${service}` : ''}</span>
      </div>
      {result.isPending && <LoadingState label="Counting attribute values…" />}
      {result.isError && <ErrorState title="Could not compare attributes" error={result.error} />}
      {result.data && (
        <>
          <p className="muted" data-testid="bubble-up-counts">
            {result.data.selectionSpans} spans selected · {result.data.baselineSpans} in the rest
          </p>
          <table className="data-table bubble-up-table">
            <thead>
              <tr>
                <th>Attribute</th>
                <th>Value</th>
                <th className="numeric fit">Selected</th>
                <th className="numeric fit">Rest</th>
                <th className="bar-column">Selected vs rest</th>
              </tr>
            </thead>
            <tbody>
              {result.data.attributes.slice(0, 10).map((a) => {
                const top = a.values[0];
                if (top === undefined) return null;
                return (
                  <tr key={a.key} data-testid="bubble-up-row" data-key={a.key} data-value={top.value}>
                    <td className="mono">{a.key}</td>
                    <td className="group-value" title={top.value}>
                      {top.value}
                    </td>
                    <td className="numeric">{pct(top.selectionShare)}</td>
                    <td className="numeric">{pct(top.baselineShare)}</td>
                    <td className="bar-column">
                      <span className="bubble-bar bubble-bar-selected" style={{ width: `${top.selectionShare * 100}%` }} />
                      <span className="bubble-bar bubble-bar-rest" style={{ width: `${top.baselineShare * 100}%` }} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
