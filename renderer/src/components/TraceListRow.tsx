import type { TraceSummary } from '../../../shared/api-types.js';
import { formatCount } from '../lib/format-count.js';
import { formatDuration } from '../lib/format-duration.js';
import { formatZoned } from '../lib/time-range.js';
import type { WorkbenchState } from '../../../shared/view-state.js';

interface TraceListRowProps {
  trace: TraceSummary;
  onOpen: (traceId: string) => void;
  timeZone?: WorkbenchState['timeZone'];
  /** When given, a checkbox picks the trace (e.g. two of them to diff). */
  picked?: boolean;
  onPick?: (traceId: string) => void;
}

export function TraceListRow({ trace, onOpen, timeZone = 'utc', picked, onPick }: TraceListRowProps) {
  const hasErrors = trace.errorCount > 0;
  return (
    <tr
      className={hasErrors ? 'clickable has-error' : 'clickable'}
      data-testid="trace-row"
      data-trace-id={trace.traceId}
      data-error={hasErrors}
      data-duration-ns={trace.durationNs}
      data-span-count={trace.spanCount}
      tabIndex={0}
      onClick={() => onOpen(trace.traceId)}
      onKeyDown={(event) => event.key === 'Enter' && onOpen(trace.traceId)}
    >
      {onPick && (
        <td className="fit" onClick={(event) => event.stopPropagation()}>
          <input type="checkbox" data-testid="trace-pick" aria-label={`Pick trace ${trace.traceId} to compare`} checked={picked ?? false} onChange={() => onPick(trace.traceId)} />
        </td>
      )}
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
