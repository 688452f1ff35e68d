import type { EdgeTrace } from '../../../../shared/graph-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { formatCount } from '../../lib/format-count.js';
import { formatDuration } from '../../lib/format-duration.js';
import { formatZoned } from '../../lib/time-range.js';
import { SortableHeader, type ListOrder } from './SortableHeader.js';

interface EdgeTraceTableProps {
  traces: readonly EdgeTrace[];
  timeZone: WorkbenchState['timeZone'];
  onOpen: (traceId: string, spanId: string) => void;
  order: ListOrder;
  onSort: (order: ListOrder) => void;
}

/** Traces through one edge, each by its worst call on the edge, in the order asked of the API (worst call first). */
export function EdgeTraceTable({ traces, timeZone, onOpen, order, onSort }: EdgeTraceTableProps) {
  const sortable = { order, onSort };
  return (
    <div className="table-scroll">
      <table className="data-table trace-table">
        <thead>
          <tr>
            <th>Root</th>
            <SortableHeader label="Call on the edge" sort="worst" className="" {...sortable} />
            <SortableHeader label="Call" sort="duration" className="numeric fit" {...sortable} />
            <SortableHeader label="Calls" sort="calls" className="numeric fit" {...sortable} />
            <SortableHeader label={`Start (${timeZone === 'utc' ? 'UTC' : 'local'})`} sort="start" className="fit" {...sortable} />
            <th className="numeric fit">Trace</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((trace) => (
            <tr
              key={trace.traceId}
              className={trace.isError ? 'clickable has-error' : 'clickable'}
              data-testid="trace-row"
              data-trace-id={trace.traceId}
              data-span-id={trace.spanId}
              data-error={trace.isError}
              data-version={trace.spanVersion ?? ''}
              data-call-ns={trace.durationNs}
              tabIndex={0}
              onClick={() => onOpen(trace.traceId, trace.spanId)}
              onKeyDown={(event) => event.key === 'Enter' && onOpen(trace.traceId, trace.spanId)}
            >
              <td>
                <span className="service-tag">{trace.rootService ?? '(missing root)'}</span> <span className="operation">{trace.rootName ?? ''}</span>
                <div className="trace-id muted">{trace.traceId}</div>
              </td>
              <td>
                <span className="service-tag">{trace.spanService}</span> {trace.spanName}
                {trace.spanVersion && <span className="muted"> · {trace.spanVersion}</span>}
                {trace.isError && <span className="badge badge-error edge-error">error</span>}
              </td>
              <td className="numeric">{formatDuration(BigInt(Math.round(trace.durationNs)))}</td>
              <td className="numeric">{formatCount(trace.edgeSpanCount)}</td>
              <td className="timestamp">{formatZoned(trace.traceStartNs, timeZone)}</td>
              <td className="numeric">{formatDuration(trace.traceDurationNs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
