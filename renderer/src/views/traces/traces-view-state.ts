import type { TraceListSort, ViewState } from '../../../../shared/view-state.js';

export type TracesViewState = Extract<ViewState, { view: 'traces' }>;

/** The state without one filter: what a chip's × goes to. */
export function withoutFilter(view: TracesViewState, filter: 'service' | 'operation' | 'edge' | 'attribute' | 'errorsOnly' | 'groupBy' | 'duration'): TracesViewState {
  const next = { ...view };
  if (filter === 'duration') {
    delete next.minDurationMs;
    delete next.maxDurationMs;
  } else delete next[filter];
  // An order belongs to one kind of list: an edge's sorts mean nothing to a service's list and back.
  if (filter === 'edge') {
    delete next.sort;
    delete next.ascending;
  }
  return next;
}

/** The view with new duration bounds; an absent bound is left out (view states are serialised into the URL). */
export function withDurationBounds(view: TracesViewState, minMs: number | undefined, maxMs: number | undefined): TracesViewState {
  const next = withoutFilter(view, 'duration');
  if (minMs !== undefined) next.minDurationMs = minMs;
  if (maxMs !== undefined) next.maxDurationMs = maxMs;
  return next;
}

/** The view in a new order; largest (newest) first is the default, so `ascending` is written only when true. */
export function withOrder(view: TracesViewState, order: { sort: TraceListSort; ascending: boolean }): TracesViewState {
  const next: TracesViewState = { ...view, sort: order.sort };
  if (order.ascending) next.ascending = true;
  else delete next.ascending;
  return next;
}

/** What the list shows, for keying it: a change here starts the list again at its first page. */
export function listIdentity(view: TracesViewState, window: { startNs?: string; endNs?: string }): string {
  const { groupBy: _grouping, ...list } = view;
  return JSON.stringify([list, window.startNs, window.endNs]);
}
