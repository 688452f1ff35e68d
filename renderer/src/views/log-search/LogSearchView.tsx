import { useQuery } from '@tanstack/react-query';
import type { ViewState, WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { formatCount } from '../../lib/format-count.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { logSearchQuery } from '../../queries/nav.js';
import { LogSearchRow } from './LogSearchRow.js';

type LogsViewState = Extract<ViewState, { view: 'logs' }>;

interface LogSearchViewProps {
  view: LogsViewState;
  window: TimeWindow;
  timeZone: WorkbenchState['timeZone'];
  go: (view: ViewState) => void;
}

/**
 * Logs for an attribute value (the "logs with this value" pivot) or for a trace, span, service or text: a plain
 * list whose rows open onto their attributes, so the chain of pivots can go on from any log.
 */
export function LogSearchView({ view, window, timeZone, go }: LogSearchViewProps) {
  const logs = useQuery(logSearchQuery(useApiClient(), view, window));
  const chips = describe(view);
  return (
    <section className="panel log-search-view" data-testid="log-search-view" data-status={logs.status}>
      <div className="view-toolbar">
        <h2 className="view-title">Logs</h2>
        <span className="filter-chips">
          {chips.map((chip) => (
            <span key={chip} className="chip" data-testid="filter-chip">
              {chip}
            </span>
          ))}
        </span>
        <span className="header-spacer" />
        {logs.isSuccess && (
          <span className="muted" data-testid="log-count">
            {formatCount(logs.data.logs.length)}
            {logs.data.more && '+'} logs
          </span>
        )}
      </div>
      <div className="trace-results">
        {logs.isPending && <LoadingState label="Loading logs…" />}
        {logs.isError && <ErrorState title="Could not load logs" error={logs.error} />}
        {logs.isSuccess && logs.data.logs.length === 0 && <EmptyState title="No logs match">Widen the time range or drop a filter.</EmptyState>}
        {logs.isSuccess && logs.data.logs.length > 0 && (
          <div className="table-scroll">
            <table className="data-table log-table">
              <tbody>
                {logs.data.logs.map((log) => (
                  <LogSearchRow key={log.id} log={log} timeZone={timeZone} go={go} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function describe(view: LogsViewState): string[] {
  const chips: string[] = [];
  if (view.attribute) chips.push(`${view.attribute.key} = ${view.attribute.value}`);
  if (view.service) chips.push(`service: ${view.service}`);
  if (view.traceId) chips.push(`trace: ${view.traceId.slice(0, 12)}…`);
  if (view.spanId) chips.push(`span: ${view.spanId}`);
  if (view.text) chips.push(`“${view.text}”`);
  if (view.minSeverity !== undefined) chips.push(`severity ≥ ${view.minSeverity}`);
  return chips;
}
