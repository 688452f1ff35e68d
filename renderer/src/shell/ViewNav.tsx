import { useQuery } from '@tanstack/react-query';
import type { ViewState } from '../../../shared/view-state.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { servicesQuery } from '../queries/services.js';
import { serviceOf, viewFor, type ViewName } from './view-service.js';

const TABS: { name: Exclude<ViewName, 'trace'>; label: string; icon: string }[] = [
  { name: 'graph', label: 'Service graph', icon: '⬡' },
  { name: 'traces', label: 'Traces', icon: '☰' },
  { name: 'logs', label: 'Logs', icon: '≡' },
  { name: 'charts', label: 'Charts', icon: '◿' },
  { name: 'slos', label: 'SLOs', icon: '◎' },
  { name: 'sources', label: 'Sources', icon: '⇅' },
];

/** The views, top of the sidebar; the current one (a single trace counts as Traces) is marked. */
export function ViewNav({ view, go }: { view: ViewState; go: (view: ViewState) => void }) {
  const services = useQuery(servicesQuery(useApiClient()));
  const current: ViewName = view.view === 'trace' ? 'traces' : view.view;
  return (
    <nav className="view-nav" aria-label="Views">
      {TABS.map((tab) => {
        const target = viewFor(tab.name, serviceOf(view), services.data?.[0]?.name);
        return (
          <button
            key={tab.name}
            type="button"
            className="view-nav-item"
            data-testid={`nav-${tab.name}`}
            aria-current={current === tab.name ? 'page' : undefined}
            disabled={target === null}
            onClick={() => target && go(target)}
          >
            <span className="view-nav-icon" aria-hidden="true">
              {tab.icon}
            </span>
            {tab.label}
          </button>
        );
      })}
    </nav>
  );
}
