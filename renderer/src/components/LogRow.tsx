import type { LogRecord } from '../../../shared/model.js';
import { formatTimestamp } from '../lib/format-timestamp.js';
import { isErrorLevel, severityLevel } from '../lib/severity.js';
import { LogBody } from './LogBody.js';
import { ServiceTag } from './ServiceColors.js';

interface LogRowProps {
  log: LogRecord;
  highlighted: boolean;
  onSelectSpan: (spanId: string) => void;
}

export function LogRow({ log, highlighted, onSelectSpan }: LogRowProps) {
  const level = severityLevel(log.severityNumber, log.severityText);
  const classes = ['log-row', isErrorLevel(level) ? 'is-error' : '', highlighted ? 'highlighted' : ''].filter(Boolean).join(' ');
  const spanId = log.spanId;
  return (
    <tr className={classes} data-testid="log-row" data-severity={level}>
      <td className="timestamp">{formatTimestamp(log.timeNs, 'us')}</td>
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
        {spanId && (
          <button type="button" className="link-button mono" title="Select this log's span" onClick={() => onSelectSpan(spanId)}>
            {spanId.slice(0, 8)}
          </button>
        )}
      </td>
    </tr>
  );
}
