import { memo } from 'react';
import type { WaterfallRow } from '../../../../shared/trace/waterfall-types.js';
import { formatDuration } from '../../lib/format-duration.js';
import { durationPlacement } from './duration-placement.js';
import { useServiceColor } from '../../components/ServiceColors.js';

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
  const colorOf = useServiceColor();
  const color = colorOf(row.service);
  const placement = durationPlacement(left, barWidth);
  const end = left + barWidth;
  const durationStyle =
    placement === 'right' ? { left: `${end}%` } : placement === 'left' ? { right: `${100 - Math.max(left, 0)}%` } : { right: `${100 - Math.min(end, 100)}%` };
  const { group } = row;
  const duration =
    group === null ? formatDuration(BigInt(Math.round(row.endNs - row.startNs))) : `${formatDuration(BigInt(Math.round(group.totalNs)))} total`;
  const classes = ['wf-row', selected ? 'selected' : '', row.error ? 'is-error' : '', row.match ? 'is-match' : '', group ? 'is-group' : '']
    .filter(Boolean)
    .join(' ');
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
      data-group-size={group?.count}
      data-links={row.linkCount > 0 ? row.linkCount : undefined}
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
            title={`${row.collapsed ? 'Expand' : 'Collapse'} (${row.childCount} ${group ? 'identical spans' : 'children'})`}
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
        {group && (
          <span className="wf-group-count" data-testid="group-count">
            {group.count} ×
          </span>
        )}
        <span className="wf-name" title={group ? `${group.count} × ${row.name}, ${duration}` : row.name}>
          {row.name}
        </span>
        {row.linkCount > 0 && <LinkIcon count={row.linkCount} />}
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
        {row.collapsed && !group && <span className="wf-hidden muted">+{row.childCount}</span>}
        {group && group.errors > 0 && <span className="wf-hidden muted">{group.errors} failed</span>}
      </div>
      <div className="wf-track">
        {group ? (
          <GroupBar left={left} width={barWidth} bars={group.bars} pct={pct} color={color} error={row.error} />
        ) : (
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
        )}
        <span className={`wf-duration${placement === 'inside' ? ' wf-duration-inside' : ''}`} data-testid="span-duration" style={durationStyle}>
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

/** A group's extent as a faint band, each member as a tick in the service's colour. */
function GroupBar({ left, width, bars, pct, color, error }: { left: number; width: number; bars: [number, number][]; pct: (ns: number) => number; color: string; error: boolean }) {
  return (
    <>
      <div className={`wf-group-band${error ? ' wf-bar-error' : ''}`} style={{ left: `${left}%`, width: `max(${width}%, 2px)`, borderColor: color }} />
      {bars.map(([from, to]) => (
        <div key={from} className="wf-bar wf-group-member" style={{ left: `${pct(from)}%`, width: `max(${Math.max(pct(to) - pct(from), 0)}%, 1px)`, background: color }} />
      ))}
    </>
  );
}

function LinkIcon({ count }: { count: number }) {
  return (
    <span className="wf-link-icon" data-testid="span-link-icon" title={`${count} span link${count === 1 ? '' : 's'}: see the details`} aria-label={`${count} links`}>
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
        <path
          d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
        />
      </svg>
    </span>
  );
}
