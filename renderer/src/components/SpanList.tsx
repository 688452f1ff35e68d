import type { SpanRow } from '../lib/span-rows.js';
import type { TraceBounds } from '../lib/trace-bounds.js';
import { SpanListRow } from './SpanListRow.js';

interface SpanListProps {
  rows: readonly SpanRow[];
  bounds: TraceBounds;
  selectedSpanId: string | null;
  onSelect: (spanId: string) => void;
}

/**
 * Every span as a row, parents before children. Plain DOM for now: fine for the thousands of spans an incident
 * trace usually has; Jaeger-style windowing is the next step for the 50k-span ones.
 */
export function SpanList({ rows, bounds, selectedSpanId, onSelect }: SpanListProps) {
  return (
    <div className="panel span-list-panel">
      <div className="span-list-head" aria-hidden="true">
        <span>Service · operation</span>
        <span>Kind</span>
        <span className="numeric">Duration</span>
        <span>Timeline</span>
      </div>
      <ol className="span-list" data-testid="span-list">
        {rows.map((row) => (
          <SpanListRow key={row.span.spanId} row={row} bounds={bounds} selected={row.span.spanId === selectedSpanId} onSelect={onSelect} />
        ))}
      </ol>
    </div>
  );
}
