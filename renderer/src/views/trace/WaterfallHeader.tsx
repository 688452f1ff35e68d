import type { TraceLayout } from '../../../../shared/trace/waterfall-types.js';
import { formatCount } from '../../lib/format-count.js';
import { formatDuration } from '../../lib/format-duration.js';
import { formatTimestamp } from '../../lib/format-timestamp.js';
import { ServiceTag, useServiceColor } from '../../components/ServiceColors.js';

interface WaterfallHeaderProps {
  traceId: string;
  layout: TraceLayout | undefined;
  onClose?: () => void;
}

/**
 * The trace's root, id, start, duration, span and error counts, the services with their colours, and whether the
 * source returned only part of it.
 */
export function WaterfallHeader({ traceId, layout, onClose }: WaterfallHeaderProps) {
  const serviceColor = useServiceColor();
  return (
    <div className="trace-header">
      {onClose && (
        <button type="button" className="button button-quiet" data-testid="trace-back" onClick={onClose}>
          ← Traces
        </button>
      )}
      <h2 className="trace-title">
        {layout?.rootService ? (
          <>
            <ServiceTag name={layout.rootService} /> {layout.rootName}
          </>
        ) : (
          'Trace'
        )}
      </h2>
      {layout && (
        <ul className="wf-legend" data-testid="service-legend">
          {layout.services.map((s) => (
            <li key={s.name}>
              <span className="wf-service-dot" style={{ background: serviceColor(s.name) }} data-color={serviceColor(s.name)} />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <dl className="trace-facts">
        <dt>Trace</dt>
        <dd className="mono" data-testid="trace-id">
          {traceId}
        </dd>
        {layout && (
          <>
            <dt>Start</dt>
            <dd>{formatTimestamp(layout.traceStartNs)} UTC</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(BigInt(Math.round(layout.durationNs)))}</dd>
            <dt>Spans</dt>
            <dd data-testid="trace-span-count">
              {formatCount(layout.spanCount)}
              {layout.truncated && <span className="text-warn"> (truncated)</span>}
            </dd>
            {layout.errorCount > 0 && (
              <>
                <dt>Errors</dt>
                <dd>
                  <span className="badge badge-error">{formatCount(layout.errorCount)}</span>
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      {layout?.arriving !== undefined && (
        <p className="trace-arriving" data-testid="trace-arriving" role="status">
          <span className="trace-arriving-pulse" aria-hidden="true" />
          {layout.arriving.from === 'pull' ? 'Pulling' : 'Importing'}: {formatCount(layout.arriving.spans)} spans of this trace so far
          {layout.arriving.shown < layout.arriving.spans ? `, the first ${formatCount(layout.arriving.shown)} shown` : ''}. Nothing is in the cache until
          the whole {layout.arriving.from === 'pull' ? 'answer' : 'file'} is; then the whole trace opens here.
        </p>
      )}
      {layout?.partial != null && (
        <p className="trace-partial text-warn" data-testid="trace-partial" role="note" title="Fetching again will not help: the limit is the trace backend's">
          partial: {layout.partial}
        </p>
      )}
    </div>
  );
}
