import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ErrorState } from '../../components/QueryStates.js';
import { SpanDetail } from '../../components/SpanDetail.js';
import { LinkNavigationContext } from './link-navigation.js';
import { spanDetailQuery } from './waterfall-queries.js';

interface SpanSidePanelProps {
  traceId: string;
  traceStartNs: bigint;
  /** The selected row's key (`id`, or `id~kind[~n]` for shared ids). */
  spanKey: string | undefined;
  onOpenTrace: (traceId: string, spanId?: string) => void;
}

/** Beside the waterfall: the selected span's detail, with its links both ways. */
export function SpanSidePanel({ traceId, traceStartNs, spanKey, onOpenTrace }: SpanSidePanelProps) {
  const client = useApiClient();
  const [spanId, kind, nth] = (spanKey ?? '').split('~');
  const detail = useQuery({ ...spanDetailQuery(client, traceId, spanId ?? ''), enabled: spanKey !== undefined });
  const candidates = detail.data?.filter((s) => kind === undefined || s.kind === kind) ?? [];
  const span = candidates[nth === undefined ? 0 : Number(nth) - 1] ?? detail.data?.[0] ?? null;
  return (
    <div className="wf-side" data-testid="waterfall-side">
      {detail.isError ? (
        <ErrorState title="Could not load the span" error={detail.error} />
      ) : (
        <div className="wf-detail-region" tabIndex={-1} data-testid="span-detail-region" aria-label="Span details">
          <LinkNavigationContext.Provider value={span === null ? null : { traceId, spanId: span.spanId, onOpenTrace }}>
            <SpanDetail span={spanKey === undefined ? null : span} traceStartNs={traceStartNs} />
          </LinkNavigationContext.Provider>
        </div>
      )}
    </div>
  );
}

