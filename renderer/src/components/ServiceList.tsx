import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import { servicesQuery } from '../queries/services.js';
import { EmptyState, ErrorState, LoadingState } from './QueryStates.js';
import { ServiceListItem } from './ServiceListItem.js';

interface ServiceListProps {
  selected: string | null;
  onSelect: (service: string | null) => void;
}

/** The left panel: every service in the cache, with "All services" first. */
export function ServiceList({ selected, onSelect }: ServiceListProps) {
  const services = useQuery(servicesQuery(useApiClient()));
  return (
    // data-status is the e2e tests' "loaded" signal: they wait on it instead of sleeping.
    <nav className="panel service-panel" data-testid="service-panel" data-status={services.status} aria-label="Services">
      <h2 className="panel-title">Services</h2>
      {services.isPending && <LoadingState label="Loading services…" />}
      {services.isError && <ErrorState title="Could not list services" error={services.error} />}
      {services.isSuccess && services.data.length === 0 && (
        <EmptyState title="No data yet">Drop trace or log files anywhere in this window, or use Import files…</EmptyState>
      )}
      {services.isSuccess && services.data.length > 0 && (
        <ul className="service-list">
          <li>
            <button
              type="button"
              className="service-item"
              data-testid="service-all"
              aria-current={selected === null}
              onClick={() => onSelect(null)}
            >
              <span className="service-name">All services</span>
            </button>
          </li>
          {services.data.map((service) => (
            <li key={service.name}>
              <ServiceListItem service={service} selected={service.name === selected} onSelect={onSelect} />
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
