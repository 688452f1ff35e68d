import type { SloStatus } from '../../../../shared/slo/types.js';
import { alertLevel, burnText, flowText, objectiveText, shareText } from './slo-text.js';

interface SloTableProps {
  statuses: SloStatus[];
  selected: string | undefined;
  onSelect: (name: string) => void;
}

/** Every SLO with its compliance, budget and burn; the ones alerting first. */
export function SloTable({ statuses, selected, onSelect }: SloTableProps) {
  const rank = { page: 0, ticket: 1, ok: 2 };
  const rows = [...statuses].sort((a, b) => rank[alertLevel(a)] - rank[alertLevel(b)] || (b.burnRate1h ?? 0) - (a.burnRate1h ?? 0));
  return (
    <table className="data-table slo-table" data-testid="slo-table">
      <thead>
        <tr>
          <th>SLO</th>
          <th>Flow</th>
          <th>Objective</th>
          <th className="numeric">Events</th>
          <th className="numeric">Compliance</th>
          <th className="numeric">Budget left</th>
          <th className="numeric">Burn 1 h</th>
          <th>Alerts</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => {
          const level = alertLevel(s);
          return (
            <tr
              key={s.slo.name}
              className="slo-row"
              data-testid="slo-row"
              data-slo={s.slo.name}
              data-level={level}
              aria-selected={selected === s.slo.name}
              onClick={() => onSelect(s.slo.name)}
            >
              <td>
                <button type="button" className="link-button">
                  {s.slo.name}
                </button>
              </td>
              <td>{flowText(s.slo)}</td>
              <td>{objectiveText(s.slo)}</td>
              <td className="numeric">
                {Math.round(s.events).toLocaleString('en-US')}
                {s.estimated && <span className="muted" title="weighted by the spans' sampling ratio"> est.</span>}
              </td>
              <td className={`numeric ${s.compliance !== null && s.compliance < s.slo.objective.target ? 'slo-breach' : ''}`}>{shareText(s.compliance)}</td>
              <td className={`numeric ${s.budgetRemaining !== null && s.budgetRemaining < 0 ? 'slo-breach' : ''}`}>{shareText(s.budgetRemaining)}</td>
              <td className="numeric">{burnText(s.burnRate1h)}</td>
              <td>
                <span className={`slo-alert slo-alert-${level}`}>{level === 'ok' ? 'none' : `${level}${firedText(s, level)}`}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function firedText(status: SloStatus, level: 'page' | 'ticket'): string {
  const first = status.alerts.find((a) => a.name === level)?.firedAtNs[0];
  if (first === undefined) return '';
  return ` since ${new Date(Number(BigInt(first) / 1_000_000n)).toISOString().slice(11, 16)} UTC`;
}
