import type { PullJob } from '../../../../shared/source-pulls.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { formatBytes } from '../../lib/format-bytes.js';
import { formatCount } from '../../lib/format-count.js';
import { clockTime } from './source-kinds.js';
import type { PullState } from './use-pull.js';

interface PullStatusProps {
  /** The pull being shown (usePull); its `answer` is the job's own, or an earlier one of the same question when this job failed. */
  pull: Pick<PullState, 'job' | 'answer' | 'starting' | 'startError' | 'cancel' | 'refresh'>;
  timeZone: WorkbenchState['timeZone'];
}

const PHASES: Record<PullJob['phase'], string> = {
  queued: 'Starting',
  fetching: 'Fetching from the source',
  writing: 'Writing into the cache',
  finished: 'Finished',
};

/** Progress of a pull with Cancel; when done, where the answer came from and when, with Refresh. */
export function PullStatus({ pull, timeZone }: PullStatusProps) {
  const { job, answer, starting, startError, cancel: onCancel, refresh: onRefresh } = pull;
  if (startError !== null) {
    return (
      <div className="pull-status pull-status-failed" data-testid="pull-status" data-state="refused" role="alert">
        The search was refused: {startError.message}
      </div>
    );
  }
  if (job === null) {
    return starting ? (
      <div className="pull-status" data-testid="pull-status" data-state="starting" role="status">
        <span className="spinner" aria-hidden="true" /> Asking…
      </div>
    ) : null;
  }
  const progress = `${formatCount(job.requests)} request${job.requests === 1 ? '' : 's'} · ${formatBytes(job.bytes)} · ${formatCount(job.spansSeen)} spans · ${formatCount(job.logsSeen)} logs`;
  if (job.state === 'running') {
    return (
      <div className="pull-status" data-testid="pull-status" data-state="running" role="status">
        <span className="spinner" aria-hidden="true" />
        <span>
          {PHASES[job.phase]}… <span className="muted">{progress}</span>
        </span>
        <span className="header-spacer" />
        <button type="button" className="button button-quiet" data-testid="pull-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (job.state === 'done') {
    const at = job.fetchedAt === null ? 'an unknown time' : clockTime(job.fetchedAt, timeZone);
    return (
      <div className="pull-status pull-status-done" data-testid="pull-status" data-state="done" data-cached={job.cached ? 'true' : 'false'}>
        {job.cached ? (
          <span className="cached-mark" data-testid="cached-at">
            Cached at {at}
          </span>
        ) : (
          <span data-testid="fetched-at">Fetched from {job.source ?? 'the source'} at {at}</span>
        )}
        <span className="muted">
          {job.what === 'logs' ? `${formatCount(job.logs.length)} logs` : `${formatCount(job.traces.length)} traces · ${formatCount(job.spansSeen)} spans`}
          {job.cached ? ' · the source was not asked again' : ` · ${progress}`}
        </span>
        <span className="header-spacer" />
        <button type="button" className="button button-quiet" data-testid="pull-refresh" onClick={onRefresh} disabled={starting}>
          Refresh
        </button>
        {job.warnings.length > 0 && (
          <ul className="pull-warnings" data-testid="pull-warnings" role="note">
            {job.warnings.map((warning) => (
              <li key={warning} className="text-warn">
                {warning}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const stale = answer !== null && answer.id !== job.id && answer.fetchedAt !== null ? clockTime(answer.fetchedAt, timeZone) : null;
  return (
    <div className="pull-status pull-status-failed" data-testid="pull-status" data-state={job.state} role="alert">
      <span data-testid="pull-error">
        {job.state === 'cancelled' ? 'Cancelled: nothing from this pull was cached.' : `Failed${job.errorStage ? ` (${job.errorStage})` : ''}: ${job.error ?? 'unknown error'}`}
      </span>
      {stale !== null && (
        <span className="cached-mark" data-testid="cached-at">
          Showing the answer cached at {stale}
        </span>
      )}
      <span className="header-spacer" />
      <button type="button" className="button button-quiet" data-testid="pull-refresh" onClick={onRefresh} disabled={starting}>
        Try again
      </button>
    </div>
  );
}
