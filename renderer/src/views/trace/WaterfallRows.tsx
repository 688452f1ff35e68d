import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { firstMemberKey } from '../../../../shared/trace/sibling-groups.js';
import type { WaterfallRow } from '../../../../shared/trace/waterfall-types.js';
import { TimeRuler } from './TimeRuler.js';
import { WaterfallRowView, type Zoom } from './WaterfallRowView.js';

export const ROW_HEIGHT = 24;
/** Rows drawn past each edge, so a fast wheel never shows blank space before React catches up (Perfetto's margin). */
const OVERSCAN = 24;

export interface WaterfallRowsHandle {
  scrollToRow(row: number): void;
  focus(): void;
}

interface WaterfallRowsProps {
  rowCount: number;
  rowAt: (row: number) => WaterfallRow | undefined;
  zoom: Zoom;
  selectedKey: string | undefined;
  showCritical: boolean;
  /** Detector marks by span id. */
  findings?: ReadonlyMap<string, { label: string; title: string }>;
  onRangeChange: (first: number, last: number) => void;
  onSelect: (row: WaterfallRow) => void;
  onToggle: (row: WaterfallRow) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

/**
 * The virtualised rows: a fixed row height, a spacer as tall as every row, and only the rows in view (plus
 * overscan) in the DOM, placed by transform. Scrolling re-renders only when the first visible row moves past an
 * overscan quarter, so most scroll frames cost the browser nothing but compositing.
 */
export const WaterfallRows = forwardRef<WaterfallRowsHandle, WaterfallRowsProps>(function WaterfallRows(props, ref) {
  const { rowCount, rowAt, zoom, selectedKey, showCritical, findings, onRangeChange, onSelect, onToggle, onKeyDown } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ first: 0, last: 60 });
  // Read by the scroll and resize handlers, which outlive the render that made them.
  const latest = useRef({ range, rowCount, onRangeChange });
  latest.current = { range, rowCount, onRangeChange };

  const measure = () => {
    const element = scroller.current;
    if (element === null) return;
    const top = element.scrollTop;
    const visibleFirst = Math.floor(top / ROW_HEIGHT);
    const visibleLast = Math.ceil((top + element.clientHeight) / ROW_HEIGHT);
    // Snap to quarter-overscan steps: small scrolls keep the same rendered range.
    const step = OVERSCAN / 4;
    const { range: current, rowCount: count, onRangeChange: report } = latest.current;
    const first = Math.max(0, Math.floor((visibleFirst - OVERSCAN) / step) * step);
    const last = Math.max(0, Math.min(count - 1, Math.ceil((visibleLast + OVERSCAN) / step) * step));
    if (first !== current.first || last !== current.last) {
      latest.current.range = { first, last };
      setRange({ first, last });
      report(first, last);
    }
  };

  // The first measure, and again whenever the row count or the pane's height changes.
  useEffect(() => {
    measure();
    const element = scroller.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(element);
    return () => observer.disconnect();
    // measure reads everything it needs through `latest`.
  }, [rowCount]);

  useImperativeHandle(ref, () => ({
    scrollToRow(row: number) {
      const element = scroller.current;
      if (element === null) return;
      const top = row * ROW_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    },
    focus() {
      scroller.current?.focus({ preventScroll: true });
    },
  }));

  const rows = [];
  const last = Math.min(range.last, rowCount - 1);
  for (let r = range.first; r <= last; r++) {
    const row = rowAt(r);
    if (row === undefined) {
      rows.push(<div key={`pending-${r}`} className="wf-row wf-pending" data-testid="span-row-pending" style={{ transform: `translateY(${r * ROW_HEIGHT}px)` }} />);
    } else {
      rows.push(
        <WaterfallRowView
          key={row.key}
          row={row}
          top={r * ROW_HEIGHT}
          zoom={zoom}
          selected={isSelected(row, selectedKey)}
          showCritical={showCritical}
          finding={findings?.get(row.spanId)}
          onSelect={onSelect}
          onToggle={onToggle}
        />,
      );
    }
  }

  return (
    <div className="wf-rows">
      <div className="wf-head">
        <div className="wf-head-label">Service · operation</div>
        <TimeRuler zoom={zoom} />
      </div>
      <div
        ref={scroller}
        className="wf-scroll"
        data-testid="waterfall-scroll"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        onScroll={measure}
        onKeyDown={onKeyDown}
      >
        <div className="wf-spacer" style={{ height: rowCount * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
});

/** A closed group row stands for its members; an open one is only a header (its first member has its own row). */
function isSelected(row: WaterfallRow, selectedKey: string | undefined): boolean {
  if (selectedKey === undefined) return false;
  if (row.group !== null) return row.collapsed && (firstMemberKey(row.key) === selectedKey || row.spanId === selectedKey);
  return row.key === selectedKey || row.spanId === selectedKey;
}
