import type { ViewState } from '../../../../shared/view-state.js';

export type TracesViewState = Extract<ViewState, { view: 'traces' }>;

/** The state without one filter: what a chip's × goes to. */
export function withoutFilter(view: TracesViewState, filter: 'service' | 'operation' | 'edge' | 'attribute' | 'errorsOnly' | 'groupBy'): TracesViewState {
  const next = { ...view };
  delete next[filter];
  return next;
}
