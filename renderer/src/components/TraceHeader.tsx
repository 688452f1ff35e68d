import { formatCount } from '../lib/format-count.js';
import { formatDuration } from '../lib/format-duration.js';
import { formatTimestamp } from '../lib/format-timestamp.js';
import type { SpanRow } from '../lib/span-rows.js';
import type { TraceBounds } from '../lib/trace-bounds.js';

interface TraceHeaderProps {
  traceId: string;
  rows: readonly SpanRow[];
  bounds: TraceBounds | null;
  truncated: boolean;
  onClose: () => void;
}

export function TraceHeader({ traceId, rows, bounds, truncated, onClose }: TraceHeaderProps) {
  const root = rows[0]?.span;
  const errorCount = rows.filter((row) => row.span.statusCode === 'error').length;
  return (
    <div className="trace-header">
      <button type="button" className="button button-quiet" data-testid="trace-back" onClick={onClose}>
        ← Traces
      </button>
      <h2 className="trace-title">
        {root ? (
          <>
            <span className="service-tag">{root.service}</span> {root.name}
          </>
        ) : (
          'Trace'
        )}
      </h2>
      <dl className="trace-facts">
        <dt>Trace</dt>
        <dd className="mono" data-testid="trace-id">{traceId}</dd>
        {bounds && (
          <>
            <dt>Start</dt>
            <dd>{formatTimestamp(bounds.startNs)} UTC</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(bounds.endNs - bounds.startNs)}</dd>
          </>
        )}
        <dt>Spans</dt>
        <dd>
          {formatCount(rows.length)}
          {truncated && <span className="text-warn"> (truncated)</span>}
        </dd>
        {errorCount > 0 && (
          <>
            <dt>Errors</dt>
            <dd>
              <span className="badge badge-error">{formatCount(errorCount)}</span>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
