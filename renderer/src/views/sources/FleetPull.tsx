import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { NO_CALLS_KNOWN } from '../../../../shared/fleet/fleet-rank.js';
import type { FleetReport } from '../../../../shared/fleet/types.js';
import type { PullJob } from '../../../../shared/source-pulls.js';
import type { SourceConfig } from '../../../../shared/sources.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { formatCount } from '../../lib/format-count.js';
import { formatZoned } from '../../lib/time-range.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { useWorkbenchState } from '../../state/WorkbenchStateContext.js';
import { FleetSuspects } from './FleetSuspects.js';
import { PullStatus } from './PullStatus.js';
import { SearchTimeField } from './SearchTimeField.js';
import { windowOf, type SearchTime, type TimeContext } from './search-query.js';
import { clockTime } from './source-kinds.js';
import type { FieldErrors } from './source-draft.js';
import { usePull } from './use-pull.js';
import './fleet.css';

interface FleetPullProps {
  config: SourceConfig;
  context: TimeContext;
  timeZone: WorkbenchState['timeZone'];
}

/**
 * Asks an aggregates source (AGGREGATE_KINDS: Prometheus, Tempo, Elasticsearch/OpenSearch, Loki, Jaeger) for the
 * fleet's aggregates over a window (through the cache: progress, Cancel, cached at, Refresh), then shows what
 * changed, ranked, with the way to each suspect's exemplar traces and to the graph of the whole fleet over the same
 * window.
 */
export function FleetPull({ config, context, timeZone }: FleetPullProps) {
  const pull = usePull(config.name);
  const [time, setTime] = useState<SearchTime>({ kind: 'workbench' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const busy = pull.starting || pull.job?.state === 'running';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const window = windowOf(time, context);
    setErrors(window.ok ? {} : window.errors);
    if (window.ok) pull.run({ what: 'aggregates', query: window.window });
  };

  return (
    <section className="fleet-pull" data-testid="fleet-pull" data-state={pull.job?.state ?? 'idle'}>
      <form className="dependencies-pull-form" onSubmit={submit} noValidate>
        <h3 className="dependencies-pull-title">
          Fleet triage <span className="muted">· rates, errors and latency of every service and call as the backend counted them, then what changed</span>
        </h3>
        <div className="source-search-footer">
          <SearchTimeField time={time} onChange={setTime} context={context} errors={errors} />
          <button type="submit" className="button" data-testid="fleet-run" disabled={busy}>
            Ask the fleet
          </button>
        </div>
      </form>
      {pull.job?.state !== 'done' && <PullStatus pull={pull} timeZone={timeZone} />}
      {pull.answer !== null && <FleetAnswer job={pull.answer} timeZone={timeZone} starting={pull.starting} onRefresh={pull.refresh} />}
    </section>
  );
}

function FleetAnswer({ job, timeZone, starting, onRefresh }: { job: PullJob; timeZone: WorkbenchState['timeZone']; starting: boolean; onRefresh: () => void }) {
  const client = useApiClient();
  const { navigate } = useWorkbenchState();
  const loadId = job.loadId;
  const report = useQuery({
    queryKey: [CACHE_SCOPE, 'fleetReport', loadId],
    queryFn: () => client.fleetReport({ loadIds: loadId === null ? undefined : [loadId], confirm: true }),
  });
  const at = job.fetchedAt === null ? 'an unknown time' : clockTime(job.fetchedAt, timeZone);
  const window = job.window;
  const data = report.data ?? null;
  const changed = data?.services.filter((s) => s.changed.length > 0).length ?? 0;
  return (
    <div className="fleet-answer" data-testid="fleet-answer" data-cached={job.cached ? 'true' : 'false'}>
      <div className="pull-status pull-status-done">
        {job.cached ? (
          <span className="cached-mark" data-testid="fleet-cached-at">
            Cached at {at}
          </span>
        ) : (
          <span data-testid="fleet-fetched-at">Fetched from {job.source ?? 'the source'} at {at}</span>
        )}
        <span className="muted" data-testid="fleet-summary">
          {data === null
            ? `${formatCount(job.aggregates?.series ?? 0)} series`
            : `${formatCount(data.services.length)} services · ${callsText(data)} · ${formatCount(changed)} changed · ${formatCount(job.aggregates?.events ?? 0)} requests counted`}
        </span>
        <span className="header-spacer" />
        <button type="button" className="button button-quiet" data-testid="fleet-refresh" onClick={onRefresh} disabled={starting}>
          Refresh
        </button>
        {window !== null && (
          <button
            type="button"
            className="button"
            data-testid="fleet-open-graph"
            onClick={() => navigate({ view: { view: 'graph' }, time: { kind: 'absolute', startNs: window.startNs, endNs: window.endNs } })}
          >
            Open the fleet graph
          </button>
        )}
      </div>
      {window !== null && (
        <span className="muted dependencies-window" data-testid="fleet-window">
          Window {formatZoned(window.startNs, timeZone)} – {formatZoned(window.endNs, timeZone)} · {job.aggregates?.buckets ?? 0} buckets · from aggregates, no spans pulled
        </span>
      )}
      {report.isPending && <p className="muted">Ranking…</p>}
      {report.error !== null && (
        <p className="pull-status pull-status-failed" role="alert">
          The ranking failed: {report.error.message}
        </p>
      )}
      {data !== null && data.calls === 0 && data.suspects.length > 1 && (
        <p className="muted" data-testid="fleet-no-calls">
          Note: {NO_CALLS_KNOWN}.
        </p>
      )}
      {data !== null && <FleetSuspects report={data} timeZone={timeZone} />}
    </div>
  );
}

/** The answer's calls, or, for an answer without any (TraceQL metrics, span indices), those the cache knew. */
function callsText(report: FleetReport): string {
  if (report.edges.length > 0 || report.calls === 0) return `${formatCount(report.edges.length)} calls`;
  return `${formatCount(report.calls)} calls known from cached traces and dependencies`;
}
