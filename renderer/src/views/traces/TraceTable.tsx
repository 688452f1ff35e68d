import type { TraceSummary } from '../../../../shared/api-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { TraceListRow } from '../../components/TraceListRow.js';
import { SortableHeader, type ListOrder } from './SortableHeader.js';

interface TraceTableProps {
  traces: readonly TraceSummary[];
  timeZone: WorkbenchState['timeZone'];
  onOpen: (traceId: string) => void;
  /** Picked traces (for a diff) and how to pick one; without them there is no pick column. */
  picked?: readonly string[];
  onPick?: (traceId: string) => void;
  /** The list's order and how to change it; without them the headers are plain. */
  order?: ListOrder;
  onSort?: (order: ListOrder) => void;
}

/** Trace summaries in the order the API returns them; a click on a column header asks for another order. */
export function TraceTable({ traces, timeZone, onOpen, picked, onPick, order, onSort }: TraceTableProps) {
  const header = (label: string, sort: ListOrder['sort'], className: string) =>
    order && onSort ? (
      <SortableHeader label={label} sort={sort} order={order} onSort={onSort} className={className} />
    ) : (
      <th className={className}>{label}</th>
    );
  return (
    <div className="table-scroll">
      <table className="data-table trace-table">
        <thead>
          <tr>
            {onPick && <th className="fit" title="Pick two to diff">Diff</th>}
            <th>Root</th>
            {header(`Start (${timeZone === 'utc' ? 'UTC' : 'local'})`, 'start', 'fit')}
            {header('Duration', 'duration', 'numeric fit')}
            {header('Spans', 'spans', 'numeric fit')}
            {header('Errors', 'errors', 'numeric fit')}
          </tr>
        </thead>
        <tbody>
          {traces.map((trace) => (
            <TraceListRow key={trace.traceId} trace={trace} onOpen={onOpen} timeZone={timeZone} picked={picked?.includes(trace.traceId)} onPick={onPick} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
