import type { LoadRecord } from '../../../shared/api-types.js';
import { formatCount } from './format-count.js';

/** How the Loaded list colours a ledger entry: failures red, interrupted loads (nothing lost, something to redo) amber. */
export function loadStatusClass(status: LoadRecord['status']): string | undefined {
  if (status === 'failed') return 'text-error';
  if (status === 'interrupted') return 'text-warn';
  return undefined;
}

/** The line under a ledger entry's name: what it brought, or what is going on with it. */
export function loadStatusText(load: LoadRecord): string {
  if (load.status === 'running') return 'loading…';
  // Killed or crashed mid-import: nothing of it was kept, and the same file imported again completes it. A receive
  // session keeps what it had answered.
  if (load.status === 'interrupted') {
    return load.kind === 'receive' ? `interrupted · ${loadedText(load)}` : 'interrupted: import the file again to finish';
  }
  return loadedText(load);
}

function loadedText(load: LoadRecord): string {
  if (load.aggregateSeries > 0 && load.spansAdded === 0 && load.logsAdded === 0) return `${formatCount(load.aggregateSeries)} fleet series`;
  if (load.dependencyEdges > 0 && load.spansAdded === 0 && load.logsAdded === 0) {
    return `${formatCount(load.dependencyEdges)} dependency edge${load.dependencyEdges === 1 ? '' : 's'}`;
  }
  return `${formatCount(load.spansAdded)} spans · ${formatCount(load.logsAdded)} logs`;
}
