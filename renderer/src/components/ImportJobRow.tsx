import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useApiClient } from '../api/ApiClientContext.js';
import { formatBytes, percentOf } from '../lib/format-bytes.js';
import { formatCount } from '../lib/format-count.js';
import { importJobQuery } from '../queries/import-job.js';
import { CACHE_SCOPE } from '../queries/keys.js';
import { DismissButton } from './DismissButton.js';

/**
 * One import job, polled until it ends; when it ends, every cache query refreshes so the new data shows up. While it
 * runs it shows its rate, can be cancelled (the import then keeps nothing of the file), its biggest trace so far can
 * be watched as it arrives, and the graph shows what has arrived.
 */
export function ImportJobRow({ jobId, onDismiss, onOpenTrace }: { jobId: string; onDismiss: () => void; onOpenTrace: (traceId: string) => void }) {
  const queryClient = useQueryClient();
  const client = useApiClient();
  const job = useQuery(importJobQuery(client, jobId));
  const state = job.data?.state;
  const rate = useRecordRate(state === 'running' ? (job.data?.spans ?? 0) + (job.data?.logs ?? 0) : null);
  const cancel = () => void client.cancelImport({ id: jobId }).then(() => job.refetch());

  const arrivedAny = state === 'running' && (job.data?.spans ?? 0) > 0;
  useEffect(() => {
    // The graph adds what a running import has stored so far (and then keeps asking): ask it again once spans arrive.
    if (arrivedAny) void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE, 'serviceGraph'] });
  }, [arrivedAny, queryClient]);

  useEffect(() => {
    // A failed import may still have written records before the bad one, so refresh after failures too.
    if (state === 'done' || state === 'failed') void queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
  }, [state, queryClient]);

  if (!job.isSuccess) {
    return (
      <div className="import-job" data-testid="import-job" data-state={job.isError ? 'failed' : 'running'}>
        <div className="import-job-title">
          <span className="import-file">import {jobId}</span>
          <DismissButton onClick={onDismiss} />
        </div>
        {job.isError && <div className="import-error">{job.error.message}</div>}
      </div>
    );
  }

  const { file, bytesRead, totalBytes, spans, logs, error, biggestTrace, arrivingTrace } = job.data;
  // Only a running job with an unknown total is indeterminate; a finished one shows a full bar in its state's colour.
  const percent = state === 'running' ? percentOf(bytesRead, totalBytes) : 100;
  return (
    <div className="import-job" data-testid="import-job" data-state={state} data-file={file}>
      <div className="import-job-title">
        <span className="import-file" title={file}>
          {file}
        </span>
        <span className={`import-state import-state-${state}`}>{state}</span>
        {state === 'running' && (
          <button type="button" className="import-cancel" data-testid="import-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
        <DismissButton onClick={onDismiss} />
      </div>
      <div
        className={`progress${percent === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 100}%` }} />
      </div>
      <div className="import-counts muted">
        {formatBytes(bytesRead)}
        {totalBytes !== null && ` / ${formatBytes(totalBytes)}`} · {formatCount(spans)} spans · {formatCount(logs)} logs
        {rate !== null && <span data-testid="import-rate"> · {formatCount(Math.round(rate))} records/s</span>}
      </div>
      {state === 'running' && arrivingTrace != null && (
        <button type="button" className="button button-quiet import-open" data-testid="import-watch-trace" onClick={() => onOpenTrace(arrivingTrace.traceId)}>
          Watch its {arrivingTrace.spans > 1 ? 'biggest ' : ''}trace arrive · {formatCount(arrivingTrace.spans)} spans so far
        </button>
      )}
      {state === 'done' && biggestTrace !== null && (
        <button type="button" className="button button-quiet import-open" data-testid="import-open-trace" onClick={() => onOpenTrace(biggestTrace.traceId)}>
          Open its {biggestTrace.spans > 1 ? 'biggest ' : ''}trace · {formatCount(biggestTrace.spans)} spans
        </button>
      )}
      {error && (
        <div className="import-error" data-testid="import-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** Records a second since the first poll that saw any, while `records` is not null (the job runs). */
function useRecordRate(records: number | null): number | null {
  const first = useRef<{ at: number; records: number } | null>(null);
  if (records === null) return null;
  const now = performance.now();
  if (first.current === null) {
    if (records > 0) first.current = { at: now, records };
    return null;
  }
  const seconds = (now - first.current.at) / 1000;
  return seconds < 0.3 ? null : (records - first.current.records) / seconds;
}
