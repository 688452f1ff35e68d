import type { CorrelatedLog } from '../../../../shared/views/logs-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { AttributeTable } from '../../components/AttributeTable.js';
import { DismissButton } from '../../components/DismissButton.js';
import { formatZoned } from '../../lib/time-range.js';
import { HighlightedText } from './HighlightedText.js';
import { ServiceTag } from '../../components/ServiceColors.js';

interface LogDetailProps {
  log: CorrelatedLog;
  timeZone: WorkbenchState['timeZone'];
  onClose: () => void;
  onOpenSpan: (traceId: string, spanId: string) => void;
}

const HOW_TIED = {
  span: 'carries the trace and span id',
  trace: 'carries the trace id, no span id',
  'service-time': 'carries no trace id: matched by service and time only',
} as const;

/** The selected log whole: full body (stack traces included), how it is tied to the subject, attributes, resource. */
export function LogDetail({ log, timeZone, onClose, onOpenSpan }: LogDetailProps) {
  const { traceId, spanId } = log;
  return (
    <section className="clog-detail" data-testid="log-detail" data-log-id={log.id}>
      <header className="clog-detail-header">
        <span className="mono">{formatZoned(log.timeNs, timeZone)}</span>
        <ServiceTag name={log.service} />
        <span className="muted" data-testid="log-detail-correlation">
          {HOW_TIED[log.correlation]}
        </span>
        <span className="header-spacer" />
        {traceId !== null && spanId !== null && (
          <button type="button" className="button button-small" data-testid="log-detail-open-span" onClick={() => onOpenSpan(traceId, spanId)}>
            Open span
          </button>
        )}
        <DismissButton onClick={onClose} />
      </header>
      <pre className="clog-detail-body" data-testid="log-detail-body">
        <HighlightedText text={log.body} ranges={log.highlights} />
      </pre>
      <h3 className="detail-subtitle">Attributes</h3>
      <AttributeTable attributes={log.attributes} testId="log-detail-attributes" service={log.service} />
      <h3 className="detail-subtitle">Resource</h3>
      <AttributeTable attributes={log.resource} testId="log-detail-resource" service={log.service} />
    </section>
  );
}
