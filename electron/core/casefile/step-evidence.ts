import type { ViewState, WorkbenchState } from '../../../shared/view-state.js';
import { TRACE_SORTS } from '../../../shared/api-types.js';
import { EDGE_TRACE_SORTS } from '../../../shared/graph-types.js';
import type { NsWindow } from './evidence-selection.js';
import type { ViewHandlers } from './view-handlers.js';

/** What a step's view showed: the rows a replay must show again, and what a save must keep. */
export interface StepRows {
  /** The window the view covered (ns); null when it was "everything" in an empty store. */
  window: NsWindow | null;
  /** Traces listed or opened, in the order shown. */
  traceIds: string[];
  /** Log lines shown (their ids in the cache, kept by the casefile). */
  logIds: number[];
}

/** The same page sizes the views ask for (renderer/src/queries/nav.ts, views/logs/logs-queries.ts). */
const TRACE_LIST = 200;
const LOG_PAGE = 200;

/**
 * Works out the rows the renderer's view of `state` shows by asking the same handlers the view asks: recorded with
 * the step, they make "what I looked at" and are what replay checks a view against.
 */
export async function stepRows(handlers: ViewHandlers, state: WorkbenchState, bounds: NsWindow | null, nowMs: number): Promise<StepRows> {
  const window = resolveWindow(state, bounds, nowMs);
  const q = window === null ? {} : { startNs: window.startNs, endNs: window.endNs };
  const view = state.view;
  return { window, ...(await rowsOf(handlers, view, q)) };
}

async function rowsOf(handlers: ViewHandlers, view: ViewState, q: Partial<NsWindow>): Promise<Omit<StepRows, 'window'>> {
  const none = { traceIds: [], logIds: [] };
  switch (view.view) {
    case 'trace':
      return { traceIds: [view.traceId], logIds: [] };
    case 'traces': {
      if (view.edge !== undefined) {
        const sort = EDGE_TRACE_SORTS.find((s) => s === view.sort);
        const page = await handlers.edgeTraces({ ...view.edge, ...listFilter(view), sort, limit: TRACE_LIST, ...q });
        return { traceIds: unique(page.traces.map((t) => t.traceId)), logIds: [] };
      }
      if (view.attribute !== undefined) {
        const page = await handlers.tracesByAttribute({ ...view.attribute, limit: TRACE_LIST, ...q });
        return { traceIds: page.traces.map((t) => t.traceId), logIds: [] };
      }
      const sort = TRACE_SORTS.find((s) => s === view.sort);
      const list = await handlers.searchTraces({ service: view.service, operation: view.operation, ...listFilter(view), sort, limit: TRACE_LIST, ...q });
      return { traceIds: list.map((t) => t.traceId), logIds: [] };
    }
    case 'logs': {
      if (view.attribute !== undefined) {
        const page = await handlers.logsByAttribute({ ...view.attribute, limit: 500, ...q });
        return { traceIds: [], logIds: page.logs.map((l) => l.id) };
      }
      const { service, traceId, spanId, text, minSeverity } = view;
      const page = await handlers.correlatedLogs({ service, traceId, spanId, text, minSeverity, limit: LOG_PAGE, ...q });
      return { traceIds: traceId === undefined ? [] : [traceId], logIds: page.logs.map((l) => l.id) };
    }
    default:
      // The graph and the charts draw from every span of the window: the window itself is the evidence.
      return none;
  }
}

function resolveWindow(state: WorkbenchState, bounds: NsWindow | null, nowMs: number): NsWindow | null {
  const time = state.time;
  if (time.kind === 'absolute') return { startNs: time.startNs, endNs: time.endNs };
  if (time.kind === 'relative') {
    const end = BigInt(Math.floor(nowMs)) * 1_000_000n;
    const start = end - BigInt(Math.floor(time.lastMs)) * 1_000_000n;
    return { startNs: (start < 0n ? 0n : start).toString(), endNs: end.toString() };
  }
  return bounds;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** The list's filters and direction as both list calls take them: the first page the view showed is its evidence. */
function listFilter(view: Extract<ViewState, { view: 'traces' }>) {
  return {
    errorsOnly: view.errorsOnly ?? false,
    ascending: view.ascending ?? false,
    minDurationNs: view.minDurationMs === undefined ? undefined : Math.round(view.minDurationMs * 1e6),
    maxDurationNs: view.maxDurationMs === undefined ? undefined : Math.round(view.maxDurationMs * 1e6),
  };
}
