import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { CorrelatedLog } from '../../../../shared/views/logs-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { CachedDataHint } from '../../components/CachedDataHint.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { widerSearch } from '../../../../shared/log-search.js';
import { formatCount } from '../../lib/format-count.js';
import { LogDetail } from './LogDetail.js';
import { LogHistogramChart } from './LogHistogramChart.js';
import { LogsToolbar } from './LogsToolbar.js';
import { correlatedLogsQuery, logHistogramQuery, type LogsFilter } from './logs-queries.js';
import { VirtualLogList } from './VirtualLogList.js';
import './logs.css';

export interface LogsViewProps {
  filter: LogsFilter;
  startNs?: string;
  endNs?: string;
  timeZone: WorkbenchState['timeZone'];
  onOpenSpan: (traceId: string, spanId: string) => void;
  onChangeFilter: (filter: LogsFilter) => void;
  onBrushTime?: (startNs: string, endNs: string) => void;
}

const ORDER_NOTE = {
  'time-asc': 'oldest first',
  'time-desc': 'newest first',
  'ingest-desc': 'common word: most recently stored first',
} as const;

/**
 * What an empty answer searched, and the wider search worth trying: words match whole words and their forms
 * ("sleep" finds "sleeping"), and "sleep*" also finds "sleepy" and "sleep_ms" — never a word's middle.
 */
function NoLogsMatch({ filter, onChangeFilter }: { filter: LogsFilter; onChangeFilter: (filter: LogsFilter) => void }) {
  const wider = filter.text === undefined ? null : widerSearch(filter.text);
  if (filter.text === undefined) {
    return (
      <EmptyState title="No logs match">
        Widen the time range or lower the severity.
        <CachedDataHint />
      </EmptyState>
    );
  }
  return (
    <EmptyState title={`No logs contain “${filter.text}”`}>
      <span data-testid="no-logs-searched">
        Searched {filter.service ? `the logs of ${filter.service}` : 'all logs'}
        {filter.traceId ? ' of this trace' : ''} in this time range for whole words and their forms (“sleep” also finds “sleeping”, not
        “leftoverSleep”; “sleep*” finds every word starting with it).
      </span>{' '}
      {wider !== null && (
        <button type="button" className="button button-small" data-testid="search-wider" onClick={() => onChangeFilter({ ...filter, text: wider })}>
          Search {wider} instead
        </button>
      )}
      <CachedDataHint />
    </EmptyState>
  );
}

/**
 * Logs correlated to a span, a trace or a service window: a severity histogram over time (the span's interval
 * shaded), then a virtualized list that pages in as it scrolls, and the selected log in full below.
 */
export function LogsView({ filter, startNs, endNs, timeZone, onOpenSpan, onChangeFilter, onBrushTime }: LogsViewProps) {
  const client = useApiClient();
  const window = useMemo(() => ({ startNs, endNs }), [startNs, endNs]);
  const logs = useInfiniteQuery(correlatedLogsQuery(client, filter, window));
  const histogram = useQuery(logHistogramQuery(client, filter, window));
  const [selected, setSelected] = useState<CorrelatedLog | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = logs;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const rows = useMemo(() => logs.data?.pages.flatMap((page) => page.logs) ?? [], [logs.data]);
  const order = logs.data?.pages[0]?.order;
  const selectedLog = selected !== null && rows.some((log) => log.id === selected.id) ? selected : null;

  return (
    <section className="panel logs-view" data-testid="logs-view" data-status={logs.status}>
      <LogsToolbar filter={filter} onChangeFilter={onChangeFilter} />
      {histogram.data !== undefined && histogram.data.buckets.length > 0 && (
        <LogHistogramChart histogram={histogram.data} timeZone={timeZone} subjectLabel={filter.spanId === undefined ? 'trace' : 'span'} onBrushTime={onBrushTime} />
      )}
      <div className="logs-status muted" data-testid="logs-status">
        {logs.isSuccess && (
          <>
            {formatCount(rows.length)}
            {hasNextPage ? '+' : ''} logs
            {histogram.data !== undefined && ` of ${formatCount(histogram.data.total)}${histogram.data.truncated ? '+' : ''}`}
            {order !== undefined && ` · ${ORDER_NOTE[order]}`}
            {rows.some((log) => log.correlation === 'service-time') && (
              <span className="corr-legend">
                {' · '}
                <span className="corr-badge">≈ time</span> no ids: matched by service and time
              </span>
            )}
          </>
        )}
      </div>
      <div className="logs-body">
        {logs.isPending && <LoadingState label="Loading logs…" />}
        {logs.isError && <ErrorState title="Could not load logs" error={logs.error} />}
        {logs.isSuccess && rows.length === 0 && <NoLogsMatch filter={filter} onChangeFilter={onChangeFilter} />}
        {logs.isSuccess && rows.length > 0 && (
          <VirtualLogList
            logs={rows}
            hasMore={hasNextPage}
            loadingMore={isFetchingNextPage}
            onLoadMore={loadMore}
            selectedId={selectedLog?.id ?? null}
            timeZone={timeZone}
            onSelect={setSelected}
            onOpenSpan={onOpenSpan}
          />
        )}
        {selectedLog !== null && <LogDetail log={selectedLog} timeZone={timeZone} onClose={() => setSelected(null)} onOpenSpan={onOpenSpan} />}
      </div>
    </section>
  );
}
