import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { formatCount } from '../../lib/format-count.js';
import { serviceOperationsQuery } from '../../queries/service-operations.js';

interface OperationPickerProps {
  service: string;
  operation: string | undefined;
  startNs?: string;
  endNs?: string;
  onChange: (operation: string | undefined) => void;
}

/** Narrows the charts to one operation of the service; the busiest operations come first. */
export function OperationPicker({ service, operation, startNs, endNs, onChange }: OperationPickerProps) {
  const window = { ...(startNs === undefined ? {} : { startNs }), ...(endNs === undefined ? {} : { endNs }) };
  const operations = useQuery(serviceOperationsQuery(useApiClient(), service, window));
  const list = [...(operations.data?.operations ?? [])].sort((a, b) => b.count - a.count);
  // A linked operation not seen in this window stays selectable, so the picker never silently shows "all".
  const missing = operation !== undefined && !list.some((o) => o.name === operation);
  return (
    <label className="operation-picker">
      <span className="muted">Operation</span>
      <select
        data-testid="charts-operation"
        value={operation ?? ''}
        disabled={operations.isPending}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">All operations</option>
        {missing && <option value={operation}>{operation}</option>}
        {list.map((o) => (
          <option key={o.name} value={o.name}>
            {o.name} ({formatCount(o.count)})
          </option>
        ))}
      </select>
    </label>
  );
}
