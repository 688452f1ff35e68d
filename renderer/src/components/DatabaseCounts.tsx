import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/ApiClientContext.js';
import { formatCount } from '../lib/format-count.js';
import { appInfoQuery } from '../queries/app-info.js';

/** What the local cache holds, so the user knows whether an import landed. */
export function DatabaseCounts() {
  const info = useQuery(appInfoQuery(useApiClient()));
  if (info.isPending) return <span className="header-counts muted">…</span>;
  if (info.isError) return <span className="header-counts text-error" title={info.error.message}>cache unavailable</span>;
  const { traceCount, spanCount, logCount, databasePath } = info.data;
  return (
    <span className="header-counts" data-testid="database-counts" title={databasePath}>
      <b>{formatCount(traceCount)}</b> traces · <b>{formatCount(spanCount)}</b> spans · <b>{formatCount(logCount)}</b> logs
    </span>
  );
}
