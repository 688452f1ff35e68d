import type { LogRecord } from '../../../../shared/model.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { LogBody } from '../../components/LogBody.js';
import { isErrorLevel, severityLevel } from '../../lib/severity.js';
import { formatZoned } from '../../lib/time-range.js';
import { ServiceTag } from '../../components/ServiceColors.js';

interface SourceLogTableProps {
  logs: readonly LogRecord[];
  timeZone: WorkbenchState['timeZone'];
  onOpenTrace: (traceId: string) => void;
}

/** Logs a pull found, newest first; a log's trace id fetches that trace from the trace sources and opens it. */
export function SourceLogTable({ logs, timeZone, onOpenTrace }: SourceLogTableProps) {
  return (
    <div className="table-scroll" data-testid="source-log-results">
      <table className="data-table source-log-table">
        <thead>
          <tr>
            <th className="fit">Time ({timeZone === 'utc' ? 'UTC' : 'local'})</th>
            <th className="fit">Level</th>
            <th className="fit">Service</th>
            <th>Message</th>
            <th className="fit">Trace</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => {
            const level = severityLevel(log.severityNumber, log.severityText);
            const traceId = log.traceId;
            return (
              <tr key={log.id} className={isErrorLevel(level) ? 'log-row is-error' : 'log-row'} data-testid="source-log-row" data-severity={level}>
                <td className="timestamp">{formatZoned(log.timeNs, timeZone)}</td>
                <td>
                  <span className={`severity severity-${level}`}>{log.severityText || level.toUpperCase()}</span>
                </td>
                <td>
                  <ServiceTag name={log.service} />
                </td>
                <td className="log-body-cell">
                  <LogBody body={log.body} />
                </td>
                <td>
                  {traceId && (
                    <button type="button" className="link-button mono" data-testid="source-log-trace" title="Fetch this trace and open it" onClick={() => onOpenTrace(traceId)}>
                      {traceId.slice(0, 8)}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
