import { useEffect, useState } from 'react';
import type { TraceLayout } from '../../../../shared/trace/waterfall-types.js';
import type { WaterfallRequest } from './waterfall-queries.js';

interface WaterfallToolbarProps {
  layout: TraceLayout;
  request: WaterfallRequest;
  onChange: (change: Partial<WaterfallRequest>) => void;
  showCritical: boolean;
  onShowCritical: (show: boolean) => void;
  /** Index into layout.matchRows of the current match, or -1. */
  matchIndex: number;
  onStepMatch: (direction: 1 | -1) => void;
  zoomed: boolean;
  onResetZoom: () => void;
}

const MAX_DEPTH_CHOICES = 12;

/** Search, filters, collapse depth and the view toggles above the waterfall. */
export function WaterfallToolbar(props: WaterfallToolbarProps) {
  const { layout, request, onChange, showCritical, onShowCritical, matchIndex, onStepMatch, zoomed, onResetZoom } = props;
  // Typed text applies after a pause, so each keystroke does not lay a 1M-span trace out again.
  const [text, setText] = useState(request.search ?? '');
  useEffect(() => {
    const timer = setTimeout(() => {
      const search = text.trim() === '' ? undefined : text.trim();
      if (search !== request.search) onChange({ search });
    }, 200);
    return () => clearTimeout(timer);
  }, [text, request.search, onChange]);

  const depthChoices = Array.from({ length: Math.min(layout.maxDepth, MAX_DEPTH_CHOICES) }, (_, i) => i + 1);
  const service = request.services?.[0] ?? '';
  return (
    <div className="wf-toolbar" data-testid="waterfall-toolbar">
      <div className="wf-search">
        <input
          type="search"
          placeholder="Search name, service, attribute values"
          data-testid="waterfall-search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onStepMatch(event.shiftKey ? -1 : 1);
          }}
        />
        {request.search !== undefined && (
          <>
            <span className="muted wf-search-count" data-testid="search-count">
              {layout.matchRows.length === 0 ? '0' : `${matchIndex + 1} / ${layout.matchRows.length}`}
              {layout.matchCount > layout.matchRows.length && ` (${layout.matchCount} in all)`}
            </span>
            <button type="button" className="button button-quiet button-small" data-testid="search-prev" onClick={() => onStepMatch(-1)} title="Previous match (Shift+Enter)">
              ↑
            </button>
            <button type="button" className="button button-quiet button-small" data-testid="search-next" onClick={() => onStepMatch(1)} title="Next match (Enter)">
              ↓
            </button>
          </>
        )}
      </div>
      <select
        data-testid="filter-service"
        value={service}
        onChange={(event) => onChange({ services: event.target.value === '' ? undefined : [event.target.value] })}
        title="Only spans of this service (and the spans leading to them)"
      >
        <option value="">All services</option>
        {layout.services.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name} ({s.spans})
          </option>
        ))}
      </select>
      <label className="wf-field" title="Only spans at least this long (and the spans leading to them)">
        ≥
        <input
          type="number"
          min={0}
          step="any"
          data-testid="filter-min-duration"
          value={request.minDurationNs === undefined ? '' : request.minDurationNs / 1e6}
          onChange={(event) => onChange({ minDurationNs: event.target.value === '' ? undefined : Number(event.target.value) * 1e6 })}
        />
        ms
      </label>
      <label className="wf-field">
        <input type="checkbox" data-testid="filter-errors" checked={request.errorsOnly} onChange={(event) => onChange({ errorsOnly: event.target.checked })} />
        Errors only
      </label>
      <select
        data-testid="collapse-depth"
        value={request.collapseBelowDepth ?? ''}
        onChange={(event) =>
          onChange({ collapseBelowDepth: event.target.value === '' ? undefined : Number(event.target.value), collapsed: [], expanded: [] })
        }
        title="Collapse every span below this depth"
      >
        <option value="">Expand all</option>
        {depthChoices.map((d) => (
          <option key={d} value={d}>
            Collapse below depth {d}
          </option>
        ))}
      </select>
      <label className="wf-field">
        <input type="checkbox" data-testid="toggle-critical" checked={showCritical} onChange={(event) => onShowCritical(event.target.checked)} />
        Critical path
      </label>
      <label className="wf-field" title="Shift spans whose host clock disagrees with their parent's (Jaeger's adjuster); off shows raw times">
        <input type="checkbox" data-testid="toggle-skew" checked={request.adjustSkew} onChange={(event) => onChange({ adjustSkew: event.target.checked })} />
        Adjust clock skew
        {request.adjustSkew && layout.skewAdjustedCount > 0 && <span className="badge" data-testid="skew-count">{layout.skewAdjustedCount} moved</span>}
      </label>
      {zoomed && (
        <button type="button" className="button button-quiet button-small" data-testid="zoom-reset" onClick={onResetZoom}>
          Reset zoom
        </button>
      )}
    </div>
  );
}
