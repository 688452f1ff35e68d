import { memo } from 'react';
import { formatDuration } from '../lib/format-duration.js';
import { durationNs } from '../lib/ns-time.js';
import type { SpanRow } from '../lib/span-rows.js';
import { timelinePosition, type TraceBounds } from '../lib/trace-bounds.js';

interface SpanListRowProps {
  row: SpanRow;
  bounds: TraceBounds;
  selected: boolean;
  onSelect: (spanId: string) => void;
}

const INDENT_PX = 14;

/** Memoised: selecting a span re-renders two rows, not the whole trace. */
export const SpanListRow = memo(function SpanListRow({ row, bounds, selected, onSelect }: SpanListRowProps) {
  const { span, depth } = row;
  const isError = span.statusCode === 'error';
  const { leftPct, widthPct } = timelinePosition(span, bounds);
  return (
    <li
      className={`span-row${selected ? ' selected' : ''}${isError ? ' is-error' : ''}`}
      data-testid="span-row"
      data-span-id={span.spanId}
      data-service={span.service}
      data-error={isError}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => onSelect(span.spanId)}
      onKeyDown={(event) => event.key === 'Enter' && onSelect(span.spanId)}
    >
      <span className="span-label">
        {/* A fixed slot before the indent, so the marker never shifts a span's apparent depth. */}
        <span className="error-slot">
          {isError && (
            <span className="error-marker" data-testid="span-error-marker" title={span.statusMessage || 'error'}>
              !
            </span>
          )}
        </span>
        <span className="span-indent" style={{ width: depth * INDENT_PX }} />
        <span className="service-tag">{span.service}</span>
        <span className="operation" title={span.name}>
          {span.name}
        </span>
      </span>
      <span className="span-kind muted">{span.kind}</span>
      <span className="numeric">{formatDuration(durationNs(span.startNs, span.endNs))}</span>
      <span className="timeline-track">
        <span className="timeline-bar" style={{ left: `${leftPct}%`, width: `max(${widthPct}%, 1px)` }} />
      </span>
    </li>
  );
});
