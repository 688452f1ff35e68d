import type { TraceSummary } from '../../../shared/api-types.js';
import { formatCount } from '../lib/format-count.js';
import { formatDuration } from '../lib/format-duration.js';
import { formatZoned } from '../lib/time-range.js';
import type { WorkbenchState } from '../../../shared/view-state.js';

interface TraceListRowProps {
  trace: TraceSummary;
  onOpen: (traceId: string) => void;
  timeZone?: WorkbenchState['timeZone'];
}

export function TraceListRow({ trace, onOpen, timeZone = 'utc' }: TraceListRowProps) {
  const hasErrors = trace.errorCount > 0;
  return (
    <tr
      className={hasErrors ? 'clickable has-error' : 'clickable'}
      data-testid="trace-row"
      data-trace-id={trace.traceId}
      data-error={hasErrors}
      tabIndex={0}
      onClick={() => onOpen(trace.traceId)}
      onKeyDown={(event) => event.key === 'Enter' && onOpen(trace.traceId)}
    >
      <td>
        <span className="service-tag">{trace.rootService ?? '(missing root)'}</span>{' '}
        <span className="operation">{trace.rootName ?? ''}</span>
        <div className="trace-id muted">{trace.traceId}</div>
      </td>
      <td className="timestamp">{formatZoned(trace.startNs, timeZone)}</td>
      <td className="numeric">{formatDuration(trace.durationNs)}</td>
      <td className="numeric">{formatCount(trace.spanCount)}</td>
      <td className="numeric">
        {hasErrors ? <span className="badge badge-error" data-testid="trace-error-badge">{formatCount(trace.errorCount)}</span> : <span className="muted">–</span>}
      </td>
    </tr>
  );
}
