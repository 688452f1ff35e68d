import { useCallback } from 'react';
import type { SourceConfig } from '../../../../shared/sources.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { AGGREGATE_KINDS } from '../../../../shared/sources.js';
import { DependenciesPull } from './DependenciesPull.js';
import { FleetPull } from './FleetPull.js';
import { LogSearchForm } from './LogSearchForm.js';
import { PullResults } from './PullResults.js';
import { PullStatus } from './PullStatus.js';
import { TraceSearchForm } from './TraceSearchForm.js';
import type { TimeContext } from './search-query.js';
import { holdsLogs, KIND_INFO } from './source-kinds.js';
import { usePull } from './use-pull.js';
import { useTraceOpener } from './use-trace-opener.js';

interface SourceSearchProps {
  config: SourceConfig;
  context: TimeContext;
  timeZone: WorkbenchState['timeZone'];
  onOpenTrace: (traceId: string) => void;
}

/** Ask a source for traces or logs through the cache; the answer lists as soon as it is in, marked when cached. */
export function SourceSearch({ config, context, timeZone, onOpenTrace }: SourceSearchProps) {
  const pull = usePull(config.name);
  const open = useCallback((traceId: string) => onOpenTrace(traceId), [onOpenTrace]);
  const opener = useTraceOpener(open);
  const busy = pull.starting || pull.job?.state === 'running';
  return (
    <div className="source-search" data-testid="source-search">
      <DependenciesPull config={config} context={context} timeZone={timeZone} />
      {AGGREGATE_KINDS.includes(config.kind) && <FleetPull config={config} context={context} timeZone={timeZone} />}
      {KIND_INFO[config.kind].holds === 'metrics' ? null : holdsLogs(config.kind) ? (
        <LogSearchForm config={config} context={context} busy={busy} onSearch={pull.run} />
      ) : (
        <TraceSearchForm config={config} context={context} busy={busy} onSearch={pull.run} />
      )}
      <PullStatus pull={pull} timeZone={timeZone} />
      {opener.pending && (
        <p className="pull-status" role="status">
          <span className="spinner" aria-hidden="true" /> Fetching the trace from the trace sources…
        </p>
      )}
      {opener.error !== null && (
        <p className="pull-status pull-status-failed" role="alert">
          The trace could not be opened: {opener.error}
        </p>
      )}
      <div className="source-results" data-testid="source-results" data-status={pull.answer === null ? 'empty' : pull.answer.cached ? 'cached' : 'fetched'}>
        {pull.answer !== null && <PullResults answer={pull.answer} timeZone={timeZone} onOpenTrace={pull.answer.what === 'logs' ? opener.openTrace : onOpenTrace} />}
      </div>
    </div>
  );
}
