import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { WaterfallRow } from '../../../../shared/trace/waterfall-types.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { ROW_PAGE, traceRowsQuery, type WaterfallRequest } from './waterfall-queries.js';

export interface RowWindow {
  /** The row if its page has arrived. */
  rowAt(row: number): WaterfallRow | undefined;
  /** Fetches (or reads from cache) one row, for keyboard moves beyond what is on screen. */
  fetchRow(row: number): Promise<WaterfallRow | undefined>;
}

/** The pages covering rows first..last of the current layout, fetched from the cache as the view scrolls. */
/**
 * `rowCount` is null until the layout arrives: the first page is asked for at once, beside the layout, so opening
 * a trace costs one round trip rather than two.
 */
export function useRowWindow(
  request: WaterfallRequest,
  rowCount: number | null,
  first: number,
  last: number,
  critical: boolean,
  /** Spans laid out of a trace still arriving (layout.arriving.shown): its rows are asked again as it grows. */
  arrived: number | null = null,
): RowWindow {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const pages: number[] = [];
  if (rowCount === null) pages.push(0);
  else if (rowCount > 0) {
    const lastRow = Math.min(rowCount - 1, last);
    for (let p = Math.floor(Math.max(0, first) / ROW_PAGE); p <= Math.floor(lastRow / ROW_PAGE); p++) pages.push(p);
  }
  const results = useQueries({ queries: pages.map((page) => traceRowsQuery(client, request, page, critical, arrived)) });
  // useQueries returns a new array each render; key the merged map on what actually changes: which pages, and when.
  const version = results.map((r, i) => `${pages[i]}:${r.dataUpdatedAt}`).join(',');
  const loaded = useMemo(() => {
    const byPage = new Map<number, WaterfallRow[]>();
    for (const result of results) if (result.data) byPage.set(result.data.offset / ROW_PAGE, result.data.rows);
    return byPage;
  }, [version]); // `results` is read through `version`: recomputed exactly when a page arrives or the window moves.

  const rowAt = useCallback((row: number) => loaded.get(Math.floor(row / ROW_PAGE))?.[row % ROW_PAGE], [loaded]);
  const fetchRow = useCallback(
    async (row: number) => {
      if (row < 0 || (rowCount !== null && row >= rowCount)) return undefined;
      const page = await queryClient.fetchQuery(traceRowsQuery(client, request, Math.floor(row / ROW_PAGE), critical, arrived));
      return page.rows[row % ROW_PAGE];
    },
    [client, queryClient, request, rowCount, critical, arrived],
  );
  return { rowAt, fetchRow };
}
