import type { SpanEvent } from '../../../shared/model.js';
import { formatDuration } from '../lib/format-duration.js';
import { toBigNs } from '../lib/ns-time.js';
import { AttributeTable } from './AttributeTable.js';

/** Span events (exceptions, retries, messages) with their offset from the span's start. */
export function SpanEvents({ events, spanStartNs }: { events: readonly SpanEvent[]; spanStartNs: bigint }) {
  if (events.length === 0) return <p className="muted detail-none">none</p>;
  return (
    <ol className="detail-list" data-testid="span-events">
      {events.map((event, index) => (
        <li key={index}>
          <div className="detail-list-title">
            <span className={event.name === 'exception' ? 'text-error' : undefined}>{event.name}</span>
            <span className="muted"> +{formatDuration(toBigNs(event.timeNs) - spanStartNs)}</span>
          </div>
          <AttributeTable attributes={event.attributes} />
        </li>
      ))}
    </ol>
  );
}
