import type { ViewState } from '../../../shared/view-state.js';

export type ViewName = ViewState['view'];

/** The service a view is about, if any: the context carried when switching views or shown as selected. */
export function serviceOf(view: ViewState): string | undefined {
  return view.view === 'trace' || view.view === 'sources' || view.view === 'slos' ? undefined : view.service;
}

/** Where a view tab goes, keeping the current service so switching views keeps the subject. */
export function viewFor(name: Exclude<ViewName, 'trace'>, service: string | undefined, fallbackService: string | undefined): ViewState | null {
  const withService = service === undefined ? {} : { service };
  switch (name) {
    case 'graph':
      return { view: 'graph', ...withService };
    case 'traces':
      return { view: 'traces', ...withService };
    case 'logs':
      return { view: 'logs', ...withService };
    case 'charts': {
      // Charts are always of one service: without one selected, the first service is a better start than nothing.
      const chartService = service ?? fallbackService;
      return chartService === undefined ? null : { view: 'charts', service: chartService };
    }
    case 'sources':
      return { view: 'sources' };
    case 'slos':
      return { view: 'slos' };
  }
}

/** Picking a service in the sidebar: the same view about that service (a trace goes to that service's traces). */
export function selectService(view: ViewState, service: string | null): ViewState {
  const withService = service === null ? {} : { service };
  switch (view.view) {
    case 'graph':
      return { view: 'graph', ...withService };
    case 'logs':
      return { view: 'logs', ...withService };
    case 'charts':
      return service === null ? { view: 'traces' } : { view: 'charts', service };
    case 'traces':
    case 'trace':
    case 'sources':
    case 'slos':
      return { view: 'traces', ...withService };
  }
}
