import { memo } from 'react';
import type { WaterfallRow } from '../../../../shared/trace/waterfall-types.js';
import { formatDuration } from '../../lib/format-duration.js';
import { serviceColor } from './service-color.js';

export interface Zoom {
  fromNs: number;
  toNs: number;
}

interface WaterfallRowViewProps {
  row: WaterfallRow;
  top: number;
  zoom: Zoom;
  selected: boolean;
  showCritical: boolean;
  /** A detector's mark on this span, e.g. "N+1: 38 × SELECT discounts", with its statement as the tooltip. */
  finding?: { label: string; title: string };
  onSelect: (row: WaterfallRow) => void;
  onToggle: (row: WaterfallRow) => void;
}

const INDENT_PX = 14;
/** Past this depth the indent stops growing (a 10k-deep chain would push names off screen); the depth is shown. */
const MAX_INDENT_DEPTH = 24;

/** One span: indent, chevron, service and name on the left; its bar (critical sections, error, skew) on the right. */
export const WaterfallRowView = memo(function WaterfallRowView({ row, top, zoom, selected, showCritical, finding, onSelect, onToggle }: WaterfallRowViewProps) {
  const width = zoom.toNs - zoom.fromNs || 1;
  const pct = (ns: number) => ((ns - zoom.fromNs) / width) * 100;
  const left = pct(row.startNs);
  const barWidth = Math.max(pct(row.endNs) - left, 0);
  const color = serviceColor(row.service);
  const duration = formatDuration(BigInt(Math.round(row.endNs - row.startNs)));
  const classes = ['wf-row', selected ? 'selected' : '', row.error ? 'is-error' : '', row.match ? 'is-match' : ''].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="span-row"
      data-row={row.row}
      data-key={row.key}
      data-span-id={row.spanId}
      data-service={row.service}
      data-name={row.name}
      data-depth={row.depth}
      data-error={row.error}
      data-match={row.match}
      data-collapsed={row.hasChildren ? row.collapsed : undefined}
      data-skew={row.skewNs !== 0}
      aria-selected={selected}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.hasChildren ? !row.collapsed : undefined}
      onClick={() => onSelect(row)}
    >
      <div className="wf-label" style={{ paddingLeft: Math.min(row.depth, MAX_INDENT_DEPTH) * INDENT_PX }}>
        {row.hasChildren ? (
          <button
            type="button"
            className="wf-chevron"
            data-testid="span-toggle"
            aria-label={row.collapsed ? 'Expand' : 'Collapse'}
            title={`${row.collapsed ? 'Expand' : 'Collapse'} (${row.childCount} children)`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(row);
            }}
          >
            {row.collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-chevron-space" />
        )}
        {row.depth > MAX_INDENT_DEPTH && <span className="wf-depth muted">{row.depth}</span>}
        <span className="wf-service-dot" style={{ background: color }} />
        <span className="wf-service">{row.service}</span>
        <span className="wf-name" title={row.name}>
          {row.name}
        </span>
        {row.error && (
          <span className="error-marker" data-testid="span-error-marker" title="error">
            !
          </span>
        )}
        {finding && (
          <span className="wf-finding" data-testid="finding-marker" title={finding.title}>
            {finding.label}
          </span>
        )}
        {row.orphan !== 0 && (
          <span className="wf-flag" title={row.orphan === 1 ? 'Its parent span is not in this trace' : 'Its parent chain loops'}>
            orphan
          </span>
        )}
        {row.followsFrom && (
          <span className="wf-flag" data-testid="follows-from" title="Follows from its parent: started by it, not waited on (Jaeger FOLLOWS_FROM)">
            follows
          </span>
        )}
        {row.collapsed && <span className="wf-hidden muted">+{row.childCount}</span>}
      </div>
      <div className="wf-track">
        <div className={`wf-bar${row.error ? ' wf-bar-error' : ''}`} style={{ left: `${left}%`, width: `max(${barWidth}%, 2px)`, background: color }}>
          {showCritical &&
            row.critical.map(([from, to]) => (
              <span
                key={from}
                className="wf-critical"
                data-testid="critical-segment"
                style={{ left: `${((from - row.startNs) / (row.endNs - row.startNs || 1)) * 100}%`, width: `${((to - from) / (row.endNs - row.startNs || 1)) * 100}%` }}
              />
            ))}
        </div>
        {/* Right of the bar, or left of it when the bar reaches the end of the track. */}
        <span className="wf-duration" style={left + barWidth > 75 ? { right: `${100 - Math.max(left, 0)}%` } : { left: `${left + barWidth}%` }}>
          {duration}
          {row.skewNs !== 0 && (
            <span className="wf-skew" data-testid="skew-mark" title={`Clock skew adjusted by ${formatDuration(BigInt(Math.round(row.skewNs)))}`}>
              {' '}
              ⇆
            </span>
          )}
        </span>
      </div>
    </div>
  );
});
