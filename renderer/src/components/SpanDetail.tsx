import type { Span } from '../../../shared/model.js';
import { formatDuration } from '../lib/format-duration.js';
import { formatTimestamp } from '../lib/format-timestamp.js';
import { durationNs, toBigNs } from '../lib/ns-time.js';
import { useAttributePivots } from './AttributePivotContext.js';
import { AttributeTable } from './AttributeTable.js';
import { DetailSection } from './DetailSection.js';
import { EmptyState } from './QueryStates.js';
import { SpanEvents } from './SpanEvents.js';
import { SpanLinks } from './SpanLinks.js';
import { ServiceTag } from './ServiceColors.js';

/** Everything about the selected span: status, links, attributes, resource, events. */
interface SpanDetailProps {
  span: Span | null;
  traceStartNs: bigint;
}

export function SpanDetail({ span, traceStartNs }: SpanDetailProps) {
  // Inside the workbench shell the span can pivot to its logs; on its own (tests, other hosts) it cannot.
  const pivots = useAttributePivots();
  if (span === null) {
    return (
      <aside className="panel span-detail" data-testid="span-detail">
        <EmptyState title="No span selected">Click a span to see its attributes, resource, events and links.</EmptyState>
      </aside>
    );
  }
  return (
    <aside className="panel span-detail" data-testid="span-detail" data-span-id={span.spanId}>
      <h2 className="detail-title">
        <ServiceTag name={span.service} /> {span.name}
      </h2>
      {pivots && (
        <div className="detail-actions">
          <button
            type="button"
            className="button button-quiet button-small"
            data-testid="span-logs-button"
            onClick={() => pivots.go({ view: 'logs', traceId: span.traceId, spanId: span.spanId })}
          >
            Logs of this span
          </button>
        </div>
      )}
      <dl className="detail-facts">
        <dt>Status</dt>
        <dd data-testid="span-status" className={span.statusCode === 'error' ? 'text-error' : undefined}>
          {span.statusCode}
          {span.statusMessage && `: ${span.statusMessage}`}
        </dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationNs(span.startNs, span.endNs))}</dd>
        <dt>Start</dt>
        <dd>
          {formatTimestamp(span.startNs, 'us')} <span className="muted">(+{formatDuration(toBigNs(span.startNs) - traceStartNs)})</span>
        </dd>
        <dt>Span ID</dt>
        <dd className="mono">{span.spanId}</dd>
        <dt>Parent</dt>
        <dd className="mono">{span.parentSpanId ?? '—'}</dd>
        {span.scope && (
          <>
            <dt>Scope</dt>
            <dd>
              {span.scope.name}
              {span.scope.version && ` ${span.scope.version}`}
            </dd>
          </>
        )}
        {span.traceState && (
          <>
            <dt title="W3C tracestate: vendors' context, e.g. OpenTelemetry's sampling threshold (ot=th:…)">Trace state</dt>
            <dd className="mono" data-testid="span-trace-state">
              {span.traceState}
            </dd>
          </>
        )}
      </dl>
      {/* Links first: where a span came from or led to is the next hop of an investigation, not a footnote. */}
      <DetailSection title="Links">
        <SpanLinks links={span.links} />
      </DetailSection>
      <DetailSection title="Attributes" count={Object.keys(span.attributes).length}>
        <AttributeTable attributes={span.attributes} testId="span-attributes" service={span.service} />
      </DetailSection>
      <DetailSection title="Resource" count={Object.keys(span.resource).length}>
        <AttributeTable attributes={span.resource} testId="span-resource" service={span.service} />
      </DetailSection>
      <DetailSection title="Events" count={span.events.length}>
        <SpanEvents events={span.events} spanStartNs={toBigNs(span.startNs)} />
      </DetailSection>
    </aside>
  );
}
