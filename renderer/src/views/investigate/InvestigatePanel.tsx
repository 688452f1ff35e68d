import { useQuery } from '@tanstack/react-query';
import type { AnalysisResponse } from '../../../../shared/contract/analysis-calls.js';
import type { ViewState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { investigateQuery } from './investigate-query.js';
import { SuspectCard } from './SuspectCard.js';
import './investigate.css';

/**
 * The Investigate panel: ranked suspects for the shared window with their statements and evidence, the blast radius,
 * and the detectors' findings. Each suspect pivots to the graph, its traces, its worst trace's waterfall with the
 * blamed span selected, and that span's logs; the panel stays open beside the view it pivoted to.
 */
export function InvestigatePanel({ window, go, onClose }: { window: TimeWindow; go: (view: ViewState) => void; onClose: () => void }) {
  const analysis = useQuery(investigateQuery(useApiClient(), window));
  const response = analysis.data;
  const result = response?.result ?? null;
  return (
    <aside className="investigate" data-testid="investigate" data-state={response?.state ?? 'loading'} aria-label="Investigate">
      <header className="investigate-head">
        <h2>Investigate</h2>
        <span className="investigate-status" data-testid="investigate-status">
          {analysis.isError ? `failed: ${analysis.error.message}` : response === undefined ? 'starting…' : response.state === 'running' ? runningText(response) : response.state === 'failed' ? `failed: ${response.error ?? ''}` : `${response.traces} traces · ${(response.elapsedMs / 1000).toFixed(1)} s`}
        </span>
        <button type="button" className="button-small" onClick={onClose} aria-label="Close Investigate">
          ✕
        </button>
      </header>
      {result && result.suspects.length === 0 && response?.state === 'done' && <p className="investigate-empty">No suspects: nothing in this window changed or stands out.</p>}
      {result && (
        <ol className="suspects" data-testid="suspects">
          {result.suspects.map((s) => (
            <SuspectCard key={`${s.kind}|${s.service}|${s.operation}`} suspect={s} go={go} />
          ))}
        </ol>
      )}
      {result && result.blastRadius.entryOperations.length > 0 && (
        <section className="investigate-section" data-testid="blast-radius">
          <h3>Blast radius</h3>
          <div className="investigate-services">
            {result.blastRadius.services.map((service) => (
              <button key={service} type="button" className="button-small" onClick={() => go({ view: 'graph', service })}>
                {service}
              </button>
            ))}
          </div>
          <ul>
            {result.blastRadius.entryOperations.slice(0, 8).map((e) => (
              <li key={`${e.service}|${e.operation}`}>
                {e.service} · {e.operation}: <strong>{e.affected}</strong> of {e.total} requests
              </li>
            ))}
            {(result.blastRadius.users ?? []).slice(0, 2).map((u) => (
              <li key={u.key}>
                {u.distinct} distinct {u.key}
              </li>
            ))}
          </ul>
        </section>
      )}
      {result && result.findings.length > 0 && (
        <section className="investigate-section" data-testid="findings">
          <h3>Findings</h3>
          <ul>
            {result.findings.map((f) => (
              <li key={f.fingerprint}>
                <strong>{f.detector}</strong> {f.service} · {f.operation}: {f.statement}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

/** While the whole window is ranked, a first look at a sample of its traces may already be shown: say so. */
function runningText(response: AnalysisResponse): string {
  if (!response.preview || response.result === null) return 'ranking…';
  return `ranking… first look at ${response.tracesRead.toLocaleString('en')} of ${response.traces.toLocaleString('en')} traces`;
}
