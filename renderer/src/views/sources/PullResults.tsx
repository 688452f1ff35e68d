import type { PullJob } from '../../../../shared/source-pulls.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { EmptyState } from '../../components/QueryStates.js';
import { TraceListRow } from '../../components/TraceListRow.js';
import { SourceLogTable } from './SourceLogTable.js';

interface PullResultsProps {
  answer: PullJob;
  timeZone: WorkbenchState['timeZone'];
  onOpenTrace: (traceId: string) => void;
}

/** The traces or logs a pull found, as the cache now holds them; a trace opens in the waterfall. */
export function PullResults({ answer, timeZone, onOpenTrace }: PullResultsProps) {
  if (answer.what === 'logs') {
    if (answer.logs.length === 0) return <EmptyState title="No logs matched">Widen the time range or loosen the query.</EmptyState>;
    return <SourceLogTable logs={answer.logs} timeZone={timeZone} onOpenTrace={onOpenTrace} />;
  }
  if (answer.traces.length === 0) return <EmptyState title="No traces matched">Widen the time range or loosen the filters.</EmptyState>;
  return (
    <div className="table-scroll" data-testid="source-trace-results">
      <table className="data-table trace-table">
        <thead>
          <tr>
            <th>Root</th>
            <th className="fit">Start ({timeZone === 'utc' ? 'UTC' : 'local'})</th>
            <th className="numeric fit">Duration</th>
            <th className="numeric fit">Spans</th>
            <th className="numeric fit">Errors</th>
          </tr>
        </thead>
        <tbody>
          {answer.traces.map((trace) => (
            <TraceListRow key={trace.traceId} trace={trace} onOpen={onOpenTrace} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
