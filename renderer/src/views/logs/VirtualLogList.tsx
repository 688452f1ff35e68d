import { useEffect, useRef, useState } from 'react';
import type { CorrelatedLog } from '../../../../shared/views/logs-types.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { LogListRow } from './LogListRow.js';
import { nearEnd, visibleRows } from './log-lines.js';

export const LOG_ROW_HEIGHT = 26;

interface VirtualLogListProps {
  logs: CorrelatedLog[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  selectedId: number | null;
  timeZone: WorkbenchState['timeZone'];
  onSelect: (log: CorrelatedLog) => void;
  onOpenSpan: (traceId: string, spanId: string) => void;
}

/**
 * Only the rows in view (and a margin) are in the DOM, absolutely placed in a spacer as tall as the whole list, so
 * a million loaded rows cost what fifty do. The next page is fetched as the view nears the end of what is loaded.
 */
export function VirtualLogList({ logs, hasMore, loadingMore, onLoadMore, selectedId, timeZone, onSelect, onOpenSpan }: VirtualLogListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const rowCount = logs.length + (hasMore ? 1 : 0);
  const range = visibleRows(scrollTop, height, LOG_ROW_HEIGHT, rowCount);
  const wantMore = hasMore && !loadingMore && nearEnd(range, logs.length);
  useEffect(() => {
    if (wantMore) onLoadMore();
  }, [wantMore, onLoadMore]);

  const rows = [];
  for (let i = range.first; i <= range.last; i++) {
    const log = logs[i];
    const style = { top: i * LOG_ROW_HEIGHT, height: LOG_ROW_HEIGHT };
    rows.push(
      log === undefined ? (
        <div key="more" className="log-list-row log-list-more" style={style} data-testid="log-list-more">
          Loading more logs…
        </div>
      ) : (
        <LogListRow key={log.id} log={log} style={style} selected={log.id === selectedId} timeZone={timeZone} onSelect={onSelect} onOpenSpan={onOpenSpan} />
      ),
    );
  }
  return (
    <div
      ref={viewport}
      className="log-list-viewport"
      role="table"
      aria-rowcount={logs.length}
      data-testid="log-list"
      data-loaded={logs.length}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="log-list-spacer" style={{ height: rowCount * LOG_ROW_HEIGHT }}>
        {rows}
      </div>
    </div>
  );
}
