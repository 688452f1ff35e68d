import { Fragment, useState } from 'react';
import type { LogRecord } from '../../../../shared/model.js';
import type { ViewState, WorkbenchState } from '../../../../shared/view-state.js';
import { AttributeTable } from '../../components/AttributeTable.js';
import { LogBody } from '../../components/LogBody.js';
import { isErrorLevel, severityLevel } from '../../lib/severity.js';
import { formatZoned } from '../../lib/time-range.js';
import { ServiceTag } from '../../components/ServiceColors.js';

interface LogSearchRowProps {
  log: LogRecord;
  timeZone: WorkbenchState['timeZone'];
  go: (view: ViewState) => void;
}

/** A log line; opening it shows its attributes and resource, each value a pivot, and a link to its trace. */
export function LogSearchRow({ log, timeZone, go }: LogSearchRowProps) {
  const [open, setOpen] = useState(false);
  const level = severityLevel(log.severityNumber, log.severityText);
  const traceId = log.traceId;
  return (
    <Fragment>
      <tr className={`log-row clickable${isErrorLevel(level) ? ' is-error' : ''}`} data-testid="log-row" data-severity={level} data-log-id={log.id} data-span-id={log.spanId ?? ''} onClick={() => setOpen(!open)}>
        <td className="fit">
          <button type="button" className="expand-toggle" data-testid="log-open" aria-expanded={open} title="Attributes">
            {open ? '▾' : '▸'}
          </button>
        </td>
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
        <td className="log-span">
          {traceId && (
            <button
              type="button"
              className="link-button mono"
              data-testid="log-trace-link"
              title="Open this log's trace at its span"
              onClick={(event) => {
                event.stopPropagation();
                go({ view: 'trace', traceId, ...(log.spanId ? { spanId: log.spanId } : {}) });
              }}
            >
              {traceId.slice(0, 8)}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="log-detail-row" data-testid="log-detail">
          <td />
          <td colSpan={5}>
            <div className="log-detail">
              <div>
                <h3 className="detail-subtitle">Attributes</h3>
                <AttributeTable attributes={log.attributes} testId="log-detail-attributes" service={log.service} />
              </div>
              <div>
                <h3 className="detail-subtitle">Resource</h3>
                <AttributeTable attributes={log.resource} testId="log-detail-resource" service={log.service} />
              </div>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
