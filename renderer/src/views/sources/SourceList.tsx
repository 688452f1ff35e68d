import { useQuery } from '@tanstack/react-query';
import type { SourceInfo } from '../../../../shared/source-pulls.js';
import type { WorkbenchState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { formatCount } from '../../lib/format-count.js';
import { loadsQuery } from '../../queries/loads.js';
import { KIND_INFO, ago, clockTime, lastPullOf } from './source-kinds.js';
import { lastTestQuery } from './sources-queries.js';

interface SourceListProps {
  sources: readonly SourceInfo[];
  timeZone: WorkbenchState['timeZone'];
  onOpen: (name: string) => void;
}

/** Every configured source: what it is, where, how its last test went and what it last pulled. */
export function SourceList({ sources, timeZone, onOpen }: SourceListProps) {
  const loads = useQuery(loadsQuery(useApiClient(), 500));
  const now = Date.now();
  return (
    <div className="table-scroll">
      <table className="data-table source-table" data-testid="source-list">
        <thead>
          <tr>
            <th>Name</th>
            <th className="fit">Kind</th>
            <th>URL</th>
            <th>Last test</th>
            <th>Last pull</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => {
            const pull = lastPullOf(loads.data ?? [], source.config.name);
            return (
              <tr
                key={source.id}
                className="clickable"
                tabIndex={0}
                data-testid="source-row"
                data-source={source.config.name}
                onClick={() => onOpen(source.config.name)}
                onKeyDown={(event) => event.key === 'Enter' && onOpen(source.config.name)}
              >
                <td>
                  <span className="source-name">{source.config.name}</span>
                  {source.warnings.length > 0 && (
                    <span className="source-row-warning" data-testid="source-row-warning" title={source.warnings.join('\n')}>
                      ⚠ {source.config.tls.skipVerify ? 'TLS not verified' : 'warning'}
                    </span>
                  )}
                </td>
                <td>
                  <span className="kind-badge">{KIND_INFO[source.config.kind].label}</span>
                </td>
                <td className="mono source-url">{source.config.url}</td>
                <td>
                  <LastTest name={source.config.name} now={now} timeZone={timeZone} />
                </td>
                <td data-testid="source-last-pull" title={pull === null ? undefined : pull.error ?? pull.target}>
                  {pull === null ? (
                    <span className="muted">never</span>
                  ) : pull.status === 'failed' ? (
                    <span className="text-error">failed {ago(pull.startedAt, now)}</span>
                  ) : (
                    <span>
                      {ago(pull.finishedAt ?? pull.startedAt, now)}{' '}
                      <span className="muted">
                        ({formatCount(pull.spansAdded)} spans, {formatCount(pull.logsAdded)} logs new)
                      </span>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function LastTest({ name, now, timeZone }: { name: string; now: number; timeZone: WorkbenchState['timeZone'] }) {
  const last = useQuery(lastTestQuery(name)).data;
  if (last === undefined) return <span className="muted">not tested</span>;
  const failed = last.result.stages.find((stage) => !stage.ok);
  return (
    <span data-testid="source-last-test" data-ok={last.result.ok ? 'true' : 'false'} title={`${clockTime(last.at, timeZone)}${failed ? `\n${failed.detail}` : ''}`}>
      {last.result.ok ? <span className="stage-ok-text">✓ ok</span> : <span className="text-error">✗ {failed?.stage}</span>} <span className="muted">{ago(last.at, now)}</span>
    </span>
  );
}
