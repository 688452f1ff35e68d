import { useState, type FormEvent } from 'react';
import type { PullJob } from '../../../../shared/source-pulls.js';
import type { SourceConfig, SourceKind } from '../../../../shared/sources.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { formatCount } from '../../lib/format-count.js';
import { formatZoned } from '../../lib/time-range.js';
import { useWorkbenchState } from '../../state/WorkbenchStateContext.js';
import { PullStatus } from './PullStatus.js';
import { SearchTimeField } from './SearchTimeField.js';
import { windowOf, type SearchTime, type TimeContext } from './search-query.js';
import { clockTime } from './source-kinds.js';
import type { FieldErrors } from './source-draft.js';
import { usePull } from './use-pull.js';
import './dependencies-pull.css';

/** The kinds whose backends compute service dependencies (Jaeger /api/dependencies, Zipkin /api/v2/dependencies). */
const DEPENDENCY_KINDS: readonly SourceKind[] = ['jaeger', 'zipkin'];
/** The busiest edges listed under a finished pull; the graph shows them all. */
const LISTED_EDGES = 5;

interface DependenciesPullProps {
  config: SourceConfig;
  context: TimeContext;
  timeZone: WorkbenchState['timeZone'];
}

/**
 * Pulls the service dependencies the backend computed over a window, through the cache (progress, Cancel, cached-at,
 * Refresh), then pivots to the service graph over the window the answer covers, where the edges are drawn.
 */
export function DependenciesPull({ config, context, timeZone }: DependenciesPullProps) {
  const pull = usePull(config.name);
  const [time, setTime] = useState<SearchTime>({ kind: 'workbench' });
  const [errors, setErrors] = useState<FieldErrors>({});
  if (!DEPENDENCY_KINDS.includes(config.kind)) return null;
  const busy = pull.starting || pull.job?.state === 'running';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const window = windowOf(time, context);
    setErrors(window.ok ? {} : window.errors);
    if (window.ok) pull.run({ what: 'dependencies', query: window.window });
  };

  const job = pull.job;
  return (
    <section className="dependencies-pull" data-testid="dependencies-pull" data-state={job?.state ?? 'idle'}>
      <form className="dependencies-pull-form" onSubmit={submit} noValidate>
        <h3 className="dependencies-pull-title">
          Service dependencies{' '}
          <span className="muted">· the calls between services as the backend counted them: the whole topology, without pulling traces</span>
        </h3>
        <div className="source-search-footer">
          <SearchTimeField time={time} onChange={setTime} context={context} errors={errors} />
          <button type="submit" className="button" data-testid="dependencies-run" disabled={busy}>
            Pull dependencies
          </button>
        </div>
      </form>
      {/* PullStatus tells progress, Cancel and failures; a finished answer says what it holds itself (edges, not traces). */}
      {job?.state !== 'done' && (
        <PullStatus pull={pull} timeZone={timeZone} />
      )}
      {pull.answer !== null && <DependenciesAnswer job={pull.answer} timeZone={timeZone} starting={pull.starting} onRefresh={pull.refresh} />}
    </section>
  );
}

/** Where the answer came from and when, what it holds, and the way to the graph over the window it covers. */
function DependenciesAnswer({ job, timeZone, starting, onRefresh }: { job: PullJob; timeZone: WorkbenchState['timeZone']; starting: boolean; onRefresh: () => void }) {
  const { navigate } = useWorkbenchState();
  const at = job.fetchedAt === null ? 'an unknown time' : clockTime(job.fetchedAt, timeZone);
  const services = new Set(job.dependencies.flatMap((d) => [d.parent, d.child])).size;
  const window = job.window;
  return (
    <div className="dependencies-answer" data-testid="dependencies-answer" data-cached={job.cached ? 'true' : 'false'} data-edges={job.dependencies.length}>
      <div className="pull-status pull-status-done">
        {job.cached ? (
          <span className="cached-mark" data-testid="dependencies-cached-at">
            Cached at {at}
          </span>
        ) : (
          <span data-testid="dependencies-fetched-at">Fetched from {job.source ?? 'the source'} at {at}</span>
        )}
        <span className="muted" data-testid="dependencies-summary">
          {formatCount(job.dependencies.length)} edge{job.dependencies.length === 1 ? '' : 's'} between {formatCount(services)} service{services === 1 ? '' : 's'}
        </span>
        <span className="header-spacer" />
        <button type="button" className="button button-quiet" data-testid="dependencies-refresh" onClick={onRefresh} disabled={starting}>
          Refresh
        </button>
        {window !== null && job.dependencies.length > 0 && (
          <button
            type="button"
            className="button"
            data-testid="dependencies-open-graph"
            // The graph over exactly the window the answer covers (a lookback was fixed when it was fetched).
            onClick={() => navigate({ view: { view: 'graph' }, time: { kind: 'absolute', startNs: window.startNs, endNs: window.endNs } })}
          >
            Open in graph
          </button>
        )}
      </div>
      {window !== null && (
        <span className="muted dependencies-window" data-testid="dependencies-window">
          Window {formatZoned(window.startNs, timeZone)} – {formatZoned(window.endNs, timeZone)}
        </span>
      )}
      {job.dependencies.length === 0 ? (
        <p className="muted dependencies-empty">The backend counted no calls between services in this window.</p>
      ) : (
        <ol className="dependencies-busiest" aria-label="Busiest edges">
          {job.dependencies.slice(0, LISTED_EDGES).map((d) => (
            <li key={`${d.parent}\u0000${d.child}`} data-testid="dependency-row">
              <span className="service-tag">{d.parent}</span> → <span className="service-tag">{d.child}</span>{' '}
              <span className="muted">
                {formatCount(d.callCount)} calls{d.errorCount === null ? '' : ` · ${formatCount(d.errorCount)} errors`}
              </span>
            </li>
          ))}
          {job.dependencies.length > LISTED_EDGES && <li className="muted">… and {formatCount(job.dependencies.length - LISTED_EDGES)} more in the graph</li>}
        </ol>
      )}
    </div>
  );
}
