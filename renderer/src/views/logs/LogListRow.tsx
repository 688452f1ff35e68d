import type { CSSProperties } from 'react';
import type { CorrelatedLog } from '../../../../shared/views/logs-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { isErrorLevel, severityLevel } from '../../lib/severity.js';
import { formatZoned } from '../../lib/time-range.js';
import { HighlightedText, rangesWithin } from './HighlightedText.js';
import { firstLine } from './log-lines.js';
import { ServiceTag } from '../../components/ServiceColors.js';

interface LogListRowProps {
  log: CorrelatedLog;
  style: CSSProperties;
  selected: boolean;
  timeZone: WorkbenchState['timeZone'];
  onSelect: (log: CorrelatedLog) => void;
  onOpenSpan: (traceId: string, spanId: string) => void;
}

const CORRELATION_TITLE = {
  span: 'Carries this trace and span id',
  trace: 'Carries the trace id but no span id',
  'service-time': 'No trace id: placed here by its service and time only',
} as const;

/** One log on one line: time, severity, service, the body's first line with matches marked, and its ids. */
export function LogListRow({ log, style, selected, timeZone, onSelect, onOpenSpan }: LogListRowProps) {
  const level = severityLevel(log.severityNumber, log.severityText);
  const line = firstLine(log.body);
  const { traceId, spanId } = log;
  const classes = ['log-list-row', isErrorLevel(level) ? 'is-error' : '', selected ? 'selected' : '', `corr-${log.correlation}`];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      style={style}
      role="row"
      aria-selected={selected}
      data-testid="log-row"
      data-log-id={log.id}
      data-severity={level}
      data-service={log.service}
      data-correlation={log.correlation}
      onClick={() => onSelect(log)}
    >
      <span className="log-cell log-time" role="cell">
        {formatZoned(log.timeNs, timeZone)}
      </span>
      <span className={`log-cell log-severity severity severity-${level}`} role="cell">
        {log.severityText || level.toUpperCase()}
      </span>
      <span className="log-cell log-service" role="cell">
        <ServiceTag name={log.service} />
      </span>
      <span className="log-cell log-line" role="cell" title={log.body.length > 300 ? undefined : log.body}>
        {log.correlation === 'service-time' && (
          <span className="corr-badge" data-testid="service-time-marker" title={CORRELATION_TITLE['service-time']}>
            ≈ time
          </span>
        )}
        <HighlightedText text={log.body.slice(line.start, line.end)} ranges={rangesWithin(log.highlights, line.start, line.end)} />
        {line.moreLines > 0 && <span className="more-lines">+{line.moreLines} lines</span>}
      </span>
      <span className="log-cell log-ids" role="cell">
        {traceId !== null && spanId !== null && (
          <button
            type="button"
            className="link-button mono"
            data-testid="log-span-link"
            title={`Open span ${spanId} of trace ${traceId}`}
            onClick={(event) => {
              event.stopPropagation();
              onOpenSpan(traceId, spanId);
            }}
          >
            {traceId.slice(0, 8)}/{spanId.slice(0, 6)}
          </button>
        )}
        {traceId !== null && spanId === null && (
          <span className="mono muted" title={CORRELATION_TITLE.trace}>
            {traceId.slice(0, 8)}
          </span>
        )}
      </span>
    </div>
  );
}
