import type { Span } from '../../model.js';
import type { TraceView } from './trace-view.js';

/** A little slack for clocks and rounding: a call starting this close before the last one ended still follows it. */
const OVERLAP_SLACK_NS = 100_000;

/** From spans in start order, the longest chain where each starts after the previous ended (non-overlapping). */
export function nonOverlapping(spans: readonly Span[], view: TraceView): Span[] {
  const chain: Span[] = [];
  let lastEnd = -Infinity;
  for (const span of spans) {
    if (view.startOf(span) + OVERLAP_SLACK_NS < lastEnd) continue;
    chain.push(span);
    lastEnd = view.endOf(span);
  }
  return chain;
}

/**
 * Runs of calls awaited one after another: consecutive (in start order) spans passing `accepts`, each starting after
 * the previous ended; any other child span starting in between breaks the run, since the parent did work there.
 */
export function sequentialRuns(children: readonly Span[], view: TraceView, accepts: (span: Span) => boolean): Span[][] {
  // Called for every span of every trace: no closure made per call (the dev loader wraps each named one).
  const runs: Span[][] = [];
  let run: Span[] = [];
  for (const child of children) {
    const last = run[run.length - 1];
    const accepted = accepts(child);
    if (last !== undefined && (!accepted || view.startOf(child) + OVERLAP_SLACK_NS < view.endOf(last))) {
      runs.push(run);
      run = [];
    }
    if (accepted) run.push(child);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

export function totalDuration(spans: readonly Span[], view: TraceView): number {
  return spans.reduce((sum, s) => sum + view.durationOf(s), 0);
}

/** Time saved by running the calls side by side: the sum minus the longest. */
export function parallelSaving(spans: readonly Span[], view: TraceView): number {
  return totalDuration(spans, view) - Math.max(...spans.map((s) => view.durationOf(s)));
}
