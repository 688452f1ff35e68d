import type { SloDefinition, SloSuggestion } from '../../../../shared/slo/types.js';
import { formatDuration } from '../../lib/format-duration.js';
import { objectiveText } from './slo-text.js';

interface SloSuggestionsProps {
  suggestions: SloSuggestion[];
  existing: Set<string>;
  saving: boolean;
  onAdd: (slo: SloDefinition) => void;
}

/** The busiest flows with objectives they meet today: one click makes either an SLO. */
export function SloSuggestions({ suggestions, existing, saving, onAdd }: SloSuggestionsProps) {
  return (
    <table className="data-table slo-suggestions" data-testid="slo-suggestions">
      <thead>
        <tr>
          <th>Flow</th>
          <th className="numeric">Requests</th>
          <th className="numeric">Success</th>
          <th className="numeric">p99</th>
          <th>Start from</th>
        </tr>
      </thead>
      <tbody>
        {suggestions.map((s) => (
          <tr key={`${s.service}\u0000${s.operation}`} data-testid="slo-suggestion" data-service={s.service} data-operation={s.operation}>
            <td>
              {s.service}: {s.operation}
            </td>
            <td className="numeric">{s.requests.toLocaleString('en-US')}</td>
            <td className="numeric">{(s.successRate * 100).toFixed(2)}%</td>
            <td className="numeric">{formatDuration(BigInt(Math.round(s.p99Ns)))}</td>
            <td className="slo-suggestion-actions">
              {[s.latency, s.availability].map((slo) => (
                <button
                  key={slo.name}
                  type="button"
                  className="button button-small"
                  data-testid={`add-slo-${slo.objective.kind}`}
                  disabled={saving || existing.has(slo.name)}
                  title={existing.has(slo.name) ? `${slo.name} exists` : `Add ${slo.name}`}
                  onClick={() => onAdd(slo)}
                >
                  + {objectiveText(slo)}
                </button>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
