import { MAX_GROUP_BARS, type WaterfallGroup } from '../../../shared/trace/waterfall-types.js';
import type { TraceColumns } from './trace-columns.js';

interface Timing {
  starts: Float64Array;
  ends: Float64Array;
}

/** What a group row shows of its members: count, total time, errors and one tick per member. */
export function groupSummary(members: Int32Array, timing: Timing, columns: TraceColumns): WaterfallGroup & { startNs: number; endNs: number } {
  let startNs = Infinity;
  let endNs = -Infinity;
  let totalNs = 0;
  let errors = 0;
  for (const node of members) {
    startNs = Math.min(startNs, timing.starts[node]!);
    endNs = Math.max(endNs, timing.ends[node]!);
    totalNs += timing.ends[node]! - timing.starts[node]!;
    errors += columns.errors[node]!;
  }
  const step = Math.max(1, Math.ceil(members.length / MAX_GROUP_BARS));
  const bars: [number, number][] = [];
  for (let m = 0; m < members.length; m += step) bars.push([timing.starts[members[m]!]!, timing.ends[members[m]!]!]);
  return { count: members.length, totalNs, errors, bars, startNs, endNs };
}

/** True when any member is marked in `flags` (errors, search matches). */
export function anyMember(members: Int32Array, flags: ArrayLike<number> | null): boolean {
  if (flags === null) return false;
  for (const node of members) if (flags[node] === 1) return true;
  return false;
}
