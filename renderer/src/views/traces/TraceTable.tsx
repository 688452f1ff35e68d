import type { TraceSummary } from '../../../../shared/api-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { TraceListRow } from '../../components/TraceListRow.js';

interface TraceTableProps {
  traces: readonly TraceSummary[];
  timeZone: WorkbenchState['timeZone'];
  onOpen: (traceId: string) => void;
  /** Picked traces (for a diff) and how to pick one; without them there is no pick column. */
  picked?: readonly string[];
  onPick?: (traceId: string) => void;
}

/** Trace summaries, newest first as the API returns them. */
export function TraceTable({ traces, timeZone, onOpen, picked, onPick }: TraceTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table trace-table">
        <thead>
          <tr>
            {onPick && <th className="fit" title="Pick two to diff">Diff</th>}
            <th>Root</th>
            <th className="fit">Start ({timeZone === 'utc' ? 'UTC' : 'local'})</th>
            <th className="numeric fit">Duration</th>
            <th className="numeric fit">Spans</th>
            <th className="numeric fit">Errors</th>
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
