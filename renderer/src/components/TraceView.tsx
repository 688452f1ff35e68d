import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import { spanRows } from '../lib/span-rows.js';
import { traceBounds } from '../lib/trace-bounds.js';
import { traceQuery } from '../queries/trace.js';
import { ErrorState, LoadingState } from './QueryStates.js';
import { SpanDetail } from './SpanDetail.js';
import { SpanList } from './SpanList.js';
import { TraceHeader } from './TraceHeader.js';
import { TraceLogs } from './TraceLogs.js';

interface TraceViewProps {
  traceId: string;
  /** The selected span lives in the workbench state, so selecting one is a step back/forward can return to. */
  selectedSpanId: string | null;
  onSelectSpan: (spanId: string) => void;
  onClose: () => void;
}

/** One trace: its spans in tree order, the selected span's details, and the trace's logs. */
export function TraceView({ traceId, selectedSpanId, onSelectSpan, onClose }: TraceViewProps) {
  const trace = useQuery(traceQuery(useApiClient(), traceId));
  const spans = trace.data?.spans;
  const rows = useMemo(() => (spans ? spanRows(spans) : []), [spans]);
  const bounds = useMemo(() => (spans ? traceBounds(spans) : null), [spans]);
  const selectedSpan = spans?.find((span) => span.spanId === selectedSpanId) ?? null;

  return (
    <section className="trace-view" data-testid="trace-view" data-status={trace.status}>
      <TraceHeader traceId={traceId} rows={rows} bounds={bounds} truncated={trace.data?.truncated ?? false} onClose={onClose} />
      {trace.isPending && <LoadingState label="Loading trace…" />}
      {trace.isError && <ErrorState title="Could not load the trace" error={trace.error} />}
      {trace.isSuccess && bounds && (
        <>
          <div className="trace-main">
            <SpanList rows={rows} bounds={bounds} selectedSpanId={selectedSpanId} onSelect={onSelectSpan} />
            <SpanDetail span={selectedSpan} traceStartNs={bounds.startNs} />
          </div>
          <TraceLogs traceId={traceId} selectedSpanId={selectedSpanId} onSelectSpan={onSelectSpan} />
        </>
      )}
    </section>
  );
}
