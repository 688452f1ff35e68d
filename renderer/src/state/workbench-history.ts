import type { WorkbenchState } from '../../../shared/view-state.js';
import { resolveTimeRange, type TimeWindow } from '../lib/time-range.js';
import { hashToState, stateToHash } from '../lib/workbench-hash.js';

export interface WorkbenchSnapshot {
  state: WorkbenchState;
  /** The time range as query bounds; a relative range is measured when the state is entered, so keys stay stable. */
  window: TimeWindow;
  canGoBack: boolean;
  canGoForward: boolean;
}

interface EntryState {
  casefileIndex: number;
}

/**
 * The workbench state lives in the URL hash and each change is a history entry, so browser and Electron back/forward
 * walk through pivots. This keeps the position in that history (pushState entries carry their index) because the
 * History API cannot say whether there is anything to go forward to.
 */
export class WorkbenchHistory {
  private readonly listeners = new Set<() => void>();
  private index: number;
  private maxIndex: number;
  private snapshot: WorkbenchSnapshot;

  constructor(
    private readonly win: Window,
    private readonly now: () => number = Date.now,
  ) {
    const entry = entryIndex(win.history.state);
    this.index = entry ?? 0;
    this.maxIndex = this.index;
    // The address always shows the state in its canonical form: an empty or partly bad hash is rewritten to what
    // is actually shown, so a copied link reproduces the view.
    const canonical = stateToHash(hashToState(win.location.hash));
    win.history.replaceState({ ...asObject(win.history.state), casefileIndex: this.index } satisfies EntryState, '', canonical);
    this.snapshot = this.read();
  }

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) this.win.addEventListener('popstate', this.onPopState);
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.win.removeEventListener('popstate', this.onPopState);
    };
  };

  getSnapshot = (): WorkbenchSnapshot => this.snapshot;

  /** Goes to `next` as a new history entry; going to where we already are adds nothing. */
  navigate = (next: WorkbenchState): void => {
    const hash = stateToHash(next);
    if (hash === this.win.location.hash) return;
    this.index += 1;
    this.maxIndex = this.index;
    this.win.history.pushState({ casefileIndex: this.index } satisfies EntryState, '', hash);
    this.update();
  };

  back = (): void => {
    if (this.snapshot.canGoBack) this.win.history.back();
  };

  forward = (): void => {
    if (this.snapshot.canGoForward) this.win.history.forward();
  };

  private readonly onPopState = (event: PopStateEvent): void => {
    const entry = entryIndex(event.state);
    if (entry === null) {
      // A hash typed into the address bar: a new entry after the current one.
      this.index += 1;
      this.maxIndex = this.index;
      this.win.history.replaceState({ casefileIndex: this.index } satisfies EntryState, '');
    } else {
      this.index = entry;
      this.maxIndex = Math.max(this.maxIndex, entry);
    }
    this.update();
  };

  private update(): void {
    this.snapshot = this.read();
    for (const listener of this.listeners) listener();
  }

  private read(): WorkbenchSnapshot {
    const state = hashToState(this.win.location.hash);
    return {
      state,
      window: resolveTimeRange(state.time, this.now()),
      canGoBack: this.index > 0,
      canGoForward: this.index < this.maxIndex,
    };
  }
}

function entryIndex(state: unknown): number | null {
  const index = (state as Partial<EntryState> | null)?.casefileIndex;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : null;
}

function asObject(state: unknown): object {
  return typeof state === 'object' && state !== null ? state : {};
}
