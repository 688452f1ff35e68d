import { createContext, useCallback, useContext, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { WorkbenchState } from '../../../shared/view-state.js';
import { WorkbenchHistory, type WorkbenchSnapshot } from './workbench-history.js';

const HistoryContext = createContext<WorkbenchHistory | null>(null);

/** One history per window: created on first render, listening to popstate only while something reads it. */
export function WorkbenchStateProvider({ children }: { children: ReactNode }) {
  const [history] = useState(() => new WorkbenchHistory(window));
  return <HistoryContext.Provider value={history}>{children}</HistoryContext.Provider>;
}

export interface WorkbenchStateApi extends WorkbenchSnapshot {
  /** Merges `partial` into the current state as a new history entry (a pivot). */
  navigate: (partial: Partial<WorkbenchState>) => void;
  back: () => void;
  forward: () => void;
}

export function useWorkbenchState(): WorkbenchStateApi {
  const history = useContext(HistoryContext);
  if (history === null) throw new Error('useWorkbenchState needs a WorkbenchStateProvider above it');
  const snapshot = useSyncExternalStore(history.subscribe, history.getSnapshot);
  // Stable across renders, so memoised children and effects that take it do not churn.
  const navigate = useCallback((partial: Partial<WorkbenchState>) => history.navigate({ ...history.getSnapshot().state, ...partial }), [history]);
  return {
    ...snapshot,
    navigate,
    back: history.back,
    forward: history.forward,
  };
}
