import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import { loadLabel } from '../lib/load-label.js';
import { loadStatusClass, loadStatusText } from '../lib/load-status.js';
import { loadsQuery } from '../queries/loads.js';

/** The ledger of what was loaded into the cache and from where, so a finding can be traced to its source file. */
export function LoadHistory() {
  const loads = useQuery(loadsQuery(useApiClient(), 20));
  // Secondary information: when it cannot be read, the service list already shows why, so say nothing twice.
  if (!loads.isSuccess || loads.data.length === 0) return null;
  return (
    <section className="panel load-history" data-testid="load-history">
      <h2 className="panel-title">Loaded</h2>
      <ul className="load-list">
        {loads.data.map((load) => (
          <li
            key={load.id}
            className={loadStatusClass(load.status)}
            title={load.error ?? load.target}
            data-testid="load"
            data-status={load.status}
          >
            <span className="load-target">{loadLabel(load.target)}</span>
            <span className={load.status === 'interrupted' ? undefined : 'muted'}>{loadStatusText(load)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
