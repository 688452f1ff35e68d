import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import { formatCount } from '../lib/format-count.js';
import { logsQuery } from '../queries/logs.js';
import { LogRow } from './LogRow.js';
import { EmptyState, ErrorState, LoadingState } from './QueryStates.js';

interface TraceLogsProps {
  traceId: string;
  selectedSpanId: string | null;
  onSelectSpan: (spanId: string) => void;
  /** Show only the selected span's logs (the waterfall), with a switch back to the whole trace's. */
  filterBySpan?: boolean;
}

/** The trace's logs in time order; those of the selected span are highlighted rather than filtered, to keep context. */
export function TraceLogs({ traceId, selectedSpanId, onSelectSpan, filterBySpan = false }: TraceLogsProps) {
  const [wholeTrace, setWholeTrace] = useState(false);
  const spanId = filterBySpan && !wholeTrace ? selectedSpanId : null;
  const client = useApiClient();
  const logs = useQuery(logsQuery(client, { traceId, spanId }));
  // When the span has none, the trace may still have some: say how many rather than suggest importing logs.
  const spanEmpty = spanId !== null && logs.isSuccess && logs.data.logs.length === 0;
  const traceLogs = useQuery({ ...logsQuery(client, { traceId, spanId: null }), enabled: spanEmpty });
  return (
    <section className="panel trace-logs" data-testid="trace-logs" data-status={logs.status} data-scope={spanId === null ? 'trace' : 'span'}>
      <h2 className="panel-title">
        {spanId === null ? 'Logs' : 'Logs of the selected span'}
        {filterBySpan && selectedSpanId !== null && (
          <button type="button" className="button button-quiet button-small panel-title-action" data-testid="trace-logs-scope" onClick={() => setWholeTrace(!wholeTrace)}>
            {wholeTrace ? 'Only this span' : 'Whole trace'}
          </button>
        )}
        {logs.isSuccess && (
          <span className="muted">
            {' '}
            · {formatCount(logs.data.logs.length)}
            {logs.data.more && '+'}
          </span>
        )}
      </h2>
      {logs.isPending && <LoadingState label="Loading logs…" />}
      {logs.isError && <ErrorState title="Could not load logs" error={logs.error} />}
      {logs.isSuccess && logs.data.logs.length === 0 && !spanEmpty && (
        <EmptyState title="No logs for this trace">Import log files that carry this trace's id to see them here.</EmptyState>
      )}
      {spanEmpty && traceLogs.isSuccess && traceLogs.data.logs.length > 0 && (
        <div className="state state-empty" data-testid="empty-state">
          <span data-testid="span-logs-none">
            None for this span; {formatCount(traceLogs.data.logs.length)}
            {traceLogs.data.more && '+'} in this trace.
          </span>
          <button type="button" className="button button-small" data-testid="show-trace-logs" onClick={() => setWholeTrace(true)}>
            Show the trace's logs
          </button>
        </div>
      )}
      {spanEmpty && traceLogs.isSuccess && traceLogs.data.logs.length === 0 && (
        <EmptyState title="No logs for this span or its trace">Import log files that carry this trace's id to see them here.</EmptyState>
      )}
      {logs.isSuccess && logs.data.logs.length > 0 && (
        <div className="table-scroll">
          <table className="data-table log-table">
            <tbody>
              {logs.data.logs.map((log) => (
                <LogRow key={log.id} log={log} highlighted={selectedSpanId !== null && log.spanId === selectedSpanId} onSelectSpan={onSelectSpan} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
