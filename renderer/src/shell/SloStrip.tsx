import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import { sloStatusQuery } from '../queries/slos.js';
import { useWorkbenchState } from '../state/WorkbenchStateContext.js';
import { alertLevel, burnText } from '../views/slos/slo-text.js';
// The strip's styles (alert colours) live with the SLO page's; the header must not wait for that page to load them.
import '../views/slos/slos.css';

/** The SLOs burning their budget fastest, in the header; each opens the SLO page on it. Nothing without SLOs. */
export function SloStrip() {
  const { navigate } = useWorkbenchState();
  const statuses = useQuery(sloStatusQuery(useApiClient(), {}));
  const burning = (statuses.data ?? [])
    .filter((s) => alertLevel(s) !== 'ok')
    .sort((a, b) => (b.burnRate1h ?? 0) - (a.burnRate1h ?? 0))
    .slice(0, 3);
  if (statuses.data === undefined || statuses.data.length === 0) return null;
  return (
    <span className="slo-strip" data-testid="slo-strip">
      {burning.length === 0 ? (
        <button type="button" className="link-button muted" onClick={() => navigate({ view: { view: 'slos' } })}>
          SLOs ok
        </button>
      ) : (
        burning.map((s) => (
          <button
            key={s.slo.name}
            type="button"
            className={`slo-alert slo-alert-${alertLevel(s)}`}
            data-testid="slo-strip-item"
            title={`${s.slo.name}: burning its error budget ${burnText(s.burnRate1h)} as fast as it may`}
            onClick={() => navigate({ view: { view: 'slos', slo: s.slo.name } })}
          >
            <b>{burnText(s.burnRate1h)}</b> {s.slo.name}
          </button>
        ))
      )}
    </span>
  );
}
