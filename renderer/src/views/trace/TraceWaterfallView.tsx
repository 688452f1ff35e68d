import { useQuery, useQueryClient } from '@tanstack/react-query';
import { findingMarks } from '../../../../shared/analysis/finding-labels.js';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { firstMemberKey } from '../../../../shared/trace/sibling-groups.js';
import type { WaterfallRow } from '../../../../shared/trace/waterfall-types.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SplitHandle } from '../../components/SplitHandle.js';
import { TraceLogs } from '../../components/TraceLogs.js';
import { useSplitSize } from '../../hooks/use-split-size.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { Minimap } from './Minimap.js';
import { SpanSidePanel } from './SpanSidePanel.js';
import { useRowWindow } from './use-row-window.js';
import { useWaterfallKeys } from './use-waterfall-keys.js';
import { traceFindingsQuery, traceLayoutQuery, type WaterfallRequest } from './waterfall-queries.js';
import { WaterfallHeader } from './WaterfallHeader.js';
import type { Zoom } from './WaterfallRowView.js';
import { WaterfallRows, type WaterfallRowsHandle } from './WaterfallRows.js';
import { WaterfallToolbar } from './WaterfallToolbar.js';
import './waterfall.css';

export interface TraceWaterfallViewProps {
  traceId: string;
  /** The selected span: its id, or its row key (`id~kind`) where Zipkin-style ids are shared. */
  spanId?: string;
  onSelectSpan: (spanId: string | undefined) => void;
  onOpenTrace: (traceId: string, spanId?: string) => void;
  onClose?: () => void;
}

/**
 * One trace as a waterfall, built the way Jaeger UI's trace view is, for traces of any size: the cache lays the
 * rows out (tree, collapse, filters, search, clock skew, critical path — shared/trace/) and the view asks for the
 * window on screen, so a 1M-span trace costs the page no more than a 100-span one.
 */
export function TraceWaterfallView({ traceId, spanId, onSelectSpan, onOpenTrace, onClose }: TraceWaterfallViewProps) {
  const client = useApiClient();
  const [request, setRequest] = useState<WaterfallRequest>({ traceId, collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true });
  const [showCritical, setShowCritical] = useState(false);
  const [zoom, setZoom] = useState<Zoom | null>(null);
  // A span chosen from outside (a link, the URL) is revealed once: opened out of collapsed parents and scrolled to.
  const [reveal, setReveal] = useState<string | undefined>(spanId);
  const [range, setRange] = useState({ first: 0, last: 60 });
  const [selectedRow, setSelectedRow] = useState<number | null>(null);
  const [matchIndex, setMatchIndex] = useState(-1);
  const rowsRef = useRef<WaterfallRowsHandle>(null);
  // The logs pane's height, dragged by hand and remembered; the waterfall keeps room for its header and some rows.
  const logsPane = useSplitSize<HTMLElement>('casefile.waterfall.logsHeight', 220, 80, 260);

  const layoutQuery = useQuery(traceLayoutQuery(client, request, reveal));
  const layout = layoutQuery.data;
  const rowCount = layout?.rowCount ?? 0;
  const rowWindow = useRowWindow(request, layout === undefined ? null : rowCount, range.first, range.last, showCritical, layout?.arriving?.shown ?? null);
  // One object per duration: every row is memoised on it, so a new object each render would redraw them all.
  const durationNs = layout?.durationNs || 1;
  const fullZoom = useMemo<Zoom>(() => ({ fromNs: 0, toNs: durationNs }), [durationNs]);
  const view = zoom ?? fullZoom;

  const select = useCallback(
    (row: WaterfallRow) => {
      setSelectedRow(row.row);
      // A group row shows its first member's details.
      onSelectSpan(firstMemberKey(row.key));
    },
    [onSelectSpan],
  );

  // The layout that answered a reveal says which collapsed spans it opened: make that the view's own state.
  const revealed = layout?.reveal ?? null;
  useEffect(() => {
    if (reveal === undefined || layoutQuery.isPlaceholderData || !layoutQuery.isSuccess) return;
    setReveal(undefined);
    if (revealed === null || revealed.row < 0) return;
    if (revealed.opened.length > 0) {
      const opened = new Set(revealed.opened);
      setRequest((r) => ({ ...r, collapsed: r.collapsed.filter((k) => !opened.has(k)), expanded: [...r.expanded, ...revealed.opened] }));
    }
    setSelectedRow(revealed.row);
    requestAnimationFrame(() => rowsRef.current?.scrollToRow(revealed.row));
  }, [reveal, revealed, layoutQuery.isPlaceholderData, layoutQuery.isSuccess]);

  // A span selected from outside after mount (a link into this same trace) is revealed the same way.
  const lastSpanId = useRef(spanId);
  useEffect(() => {
    if (spanId === lastSpanId.current) return;
    lastSpanId.current = spanId;
    const current = selectedRow === null ? undefined : rowWindow.rowAt(selectedRow);
    if (spanId !== undefined && current?.key !== spanId && current?.spanId !== spanId) setReveal(spanId);
  }, [spanId, selectedRow, rowWindow]);

  // After a collapse or filter the selected span may sit on another row: find it again among the loaded rows.
  useEffect(() => {
    if (spanId === undefined) return;
    for (let r = range.first; r <= range.last; r++) {
      const row = rowWindow.rowAt(r);
      // An open group's header is not its first member: that member has a row of its own below.
      if (row?.group != null && !row.collapsed) continue;
      if (row !== undefined && (row.key === spanId || row.spanId === spanId)) {
        if (r !== selectedRow) setSelectedRow(r);
        return;
      }
    }
  }, [rowWindow, spanId, range, selectedRow]);

  const change = useCallback((patch: Partial<WaterfallRequest>) => {
    setRequest((r) => ({ ...r, ...patch }));
    setMatchIndex(-1);
  }, []);

  const toggle = useCallback(
    (row: WaterfallRow) => {
      setRequest((r) => {
        // Groups are closed unless opened by hand: their key in `expanded` opens them.
        if (row.group !== null) {
          return { ...r, expanded: row.collapsed ? [...r.expanded, row.key] : r.expanded.filter((k) => k !== row.key) };
        }
        const byDepth = r.collapseBelowDepth !== undefined && row.depth >= r.collapseBelowDepth;
        if (row.collapsed) {
          return { ...r, collapsed: r.collapsed.filter((k) => k !== row.key), expanded: byDepth ? [...r.expanded, row.key] : r.expanded };
        }
        return { ...r, collapsed: [...r.collapsed, row.key], expanded: r.expanded.filter((k) => k !== row.key) };
      });
    },
    [],
  );

  const goToRow = useCallback(
    async (row: number) => {
      const target = await rowWindow.fetchRow(row);
      if (target === undefined) return;
      select(target);
      rowsRef.current?.scrollToRow(row);
    },
    [rowWindow, select],
  );

  const stepMatch = (direction: 1 | -1) => {
    const rows = layout?.matchRows ?? [];
    if (rows.length === 0) return;
    const next = (matchIndex + direction + rows.length) % rows.length;
    setMatchIndex(next);
    void goToRow(rows[next]!);
  };

  const onKeyDown = useWaterfallKeys({
    layout,
    selectedRow,
    fetchRow: rowWindow.fetchRow,
    goToRow,
    toggle,
    // Details are always beside the rows; Enter moves the keyboard there.
    openDetail: () => document.querySelector<HTMLElement>('[data-testid="span-detail-region"]')?.focus(),
  });

  useCommitRefresh(layout?.arriving !== undefined);

  // Findings come from the cache: a trace still arriving has none there yet.
  const findings = useFindingMarks(traceId, layout !== undefined && layout.arriving === undefined);
  const traceStartNs = layout ? BigInt(layout.traceStartNs) : 0n;
  return (
    <section
      ref={logsPane.container}
      className="trace-view wf-view"
      data-testid="trace-view"
      data-status={layoutQuery.status}
      data-row-count={rowCount}
      style={{ '--wf-logs-height': `${logsPane.size}px` } as CSSProperties}
    >
      <WaterfallHeader traceId={traceId} layout={layout} onClose={onClose} />
      {layoutQuery.isPending && <LoadingState label="Laying out the trace…" />}
      {layoutQuery.isError && <ErrorState title="Could not load the trace" error={layoutQuery.error} />}
      {layout && (
        <>
          <WaterfallToolbar
            layout={layout}
            request={request}
            onChange={change}
            showCritical={showCritical}
            onShowCritical={setShowCritical}
            matchIndex={matchIndex}
            onStepMatch={stepMatch}
            zoomed={zoom !== null}
            onResetZoom={() => setZoom(null)}
          />
          <Minimap layout={layout} zoom={view} onZoom={setZoom} />
          <div className="wf-main">
            <WaterfallRows
              ref={rowsRef}
              rowCount={rowCount}
              rowAt={rowWindow.rowAt}
              zoom={view}
              selectedKey={spanId}
              showCritical={showCritical}
              findings={findings}
              onRangeChange={(first, last) => setRange({ first, last })}
              onSelect={select}
              onToggle={toggle}
              onKeyDown={onKeyDown}
            />
            <SpanSidePanel traceId={traceId} traceStartNs={traceStartNs} spanKey={spanId} onOpenTrace={onOpenTrace} />
          </div>
          <SplitHandle
            size={logsPane.size}
            min={logsPane.min}
            max={logsPane.max}
            label="Resize the logs pane"
            onResize={logsPane.setSize}
            onCommit={logsPane.commit}
          />
          {/* The selected span's logs (the trace's when none is); a log's span id selects that span. */}
          <TraceLogs
            traceId={traceId}
            selectedSpanId={spanId === undefined ? null : (spanId.split('~')[0] ?? null)}
            onSelectSpan={(id) => {
              setReveal(id);
              onSelectSpan(id);
            }}
            filterBySpan
          />
        </>
      )}
    </section>
  );
}

/**
 * Detector findings on this trace as row marks; the rows show without them while they load. Asked once the layout
 * is in, so the layout does not wait behind them on the cache's one thread.
 */
function useFindingMarks(traceId: string, layoutReady: boolean): ReadonlyMap<string, { label: string; title: string }> | undefined {
  const result = useQuery({ ...traceFindingsQuery(useApiClient(), traceId), enabled: layoutReady });
  return useMemo(() => {
    if (result.data === undefined) return undefined;
    const marks = new Map<string, { label: string; title: string }>();
    for (const [spanId, { label, finding }] of findingMarks(result.data)) marks.set(spanId, { label, title: `${finding.statement}\nFix: ${finding.fix}` });
    return marks;
  }, [result.data]);
}

/**
 * Once a trace watched while it arrived is committed, the rest of the workbench (lists, counts, the graph) asks the
 * cache again: the write that brought it may have been a pull nothing else is watching.
 */
function useCommitRefresh(arriving: boolean): void {
  const queryClient = useQueryClient();
  const wasArriving = useRef(false);
  useEffect(() => {
    if (wasArriving.current && !arriving) void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
    wasArriving.current = arriving;
  }, [arriving, queryClient]);
}
