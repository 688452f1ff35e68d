import type { ServiceSummary } from '../../../shared/api-types.js';
import { formatCount } from '../lib/format-count.js';
import { useServiceColor } from './ServiceColors.js';

interface ServiceListItemProps {
  service: ServiceSummary;
  selected: boolean;
  onSelect: (service: string) => void;
}

export function ServiceListItem({ service, selected, onSelect }: ServiceListItemProps) {
  const color = useServiceColor()(service.name);
  return (
    <button
      type="button"
      className="service-item"
      data-testid="service-item"
      data-service={service.name}
      aria-current={selected}
      onClick={() => onSelect(service.name)}
      title={`${service.name}: ${formatCount(service.traceCount)} traces, ${formatCount(service.logCount)} logs`}
    >
      <span className="service-dot" style={{ background: color }} data-color={color} />
      <span className="service-name">{service.name}</span>
      <span className="service-stats">
        <span className="muted" title="spans">{formatCount(service.spanCount)}</span>
        {service.errorCount > 0 && (
          <span className="badge badge-error" title="spans with errors">
            {formatCount(service.errorCount)}
          </span>
        )}
      </span>
    </button>
  );
}
