import { useCachedExtent } from '../hooks/use-cached-extent.js';
import { formatZoned } from '../lib/time-range.js';
import { useWorkbenchState } from '../state/WorkbenchStateContext.js';

/**
 * Under an empty view: where the cached data is, when the time range misses it, and one click to show it. A
 * post-incident reviewer opens an incident days later, when "the last hour" holds nothing.
 */
export function CachedDataHint() {
  const { state, navigate } = useWorkbenchState();
  const extent = useCachedExtent();
  if (state.time.kind === 'all' || extent === null) return null;
  const { firstNs: first, lastNs: last } = extent;
  const zone = state.timeZone === 'utc' ? ' UTC' : '';
  const range = { kind: 'absolute' as const, startNs: first.toString(), endNs: last.toString() };
  return (
    <span className="cached-data-hint" data-testid="cached-data-hint">
      Cached data: {formatZoned(first, state.timeZone).slice(0, 16)} → {formatZoned(last, state.timeZone).slice(0, 16)}
      {zone}{' '}
      <button type="button" className="button button-small" data-testid="show-cached-data" onClick={() => navigate({ time: range })}>
        Show it
      </button>
    </span>
  );
}
