import { canonicalId, IdError } from '../../shared/ids.js';
import type { EvidenceSelection } from '../core/casefile/evidence-selection.js';
import { UsageError, type CommandContext } from './commands.js';
import { isoToNs } from './pull-flags.js';
import { list, single } from './source-flags.js';

type Options = CommandContext['options'];

/** --from/--to: an ISO 8601 time, or nanoseconds since the epoch (exact, as the JSON output prints them). */
function timeFlag(value: string, flag: string): string {
  return /^\d{1,19}$/.test(value) ? value : isoToNs(value, flag);
}

/** What `casefile case save` keeps, from --traces, --from/--to and --all-in-window. */
export function selectionFromFlags(o: Options): EvidenceSelection {
  const traceIds = list(o.traces)
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter((id) => id !== '')
    .map(traceId);
  const from = single(o.from, 'from');
  const to = single(o.to, 'to');
  if ((from === undefined) !== (to === undefined)) throw new UsageError('--from and --to go together');
  const windows = from === undefined || to === undefined ? [] : [{ startNs: timeFlag(from, 'from'), endNs: timeFlag(to, 'to') }];
  if (windows[0] !== undefined && BigInt(windows[0].startNs) > BigInt(windows[0].endNs)) throw new UsageError('--from must not be after --to');
  const allInWindow = o['all-in-window'] === true;
  if (allInWindow && windows.length === 0) throw new UsageError('--all-in-window needs the window: --from T --to T');
  if (traceIds.length === 0 && windows.length === 0) {
    throw new UsageError('say what the casefile keeps: --traces ID,... and/or a window --from T --to T');
  }
  return { traceIds, logIds: [], windows, allInWindow };
}

function traceId(raw: string): string {
  try {
    const id = canonicalId(raw, 'trace');
    if (id === null) throw new UsageError(`--traces: "${raw}" is empty or all zeros`);
    return id;
  } catch (error) {
    if (error instanceof IdError) throw new UsageError(`--traces: ${error.message}`);
    throw error;
  }
}
