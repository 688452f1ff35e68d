import { diffTraces } from '../../../shared/analysis/compare/trace-diff.js';
import { flows } from '../../../shared/analysis/compare/flows.js';
import { compareValues } from '../../../shared/analysis/compare/value-compare.js';
import type { compareCalls } from '../../../shared/contract/compare-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import { bubbleUp, coveredNs, valueSamples } from '../queries/compare-queries.js';
import { traceSpans } from '../queries/trace-findings.js';
import { windowTraces } from '../queries/window-spans.js';
import type { HandlerContext } from './handler-context.js';

/** Largest trace read whole for a diff. */
const MAX_TRACE_SPANS = 200_000;

/** Comparisons and detector findings (shared/contract/compare-calls.ts). */
export function compareHandlers(ctx: HandlerContext): Handlers<typeof compareCalls> {
  const { db } = ctx;
  const traceSpansOf = (traceId: string) => traceSpans(db, traceId, MAX_TRACE_SPANS);
  return {
    compareAttributes: ({ selection, service, limitKeys, startNs, endNs }) => bubbleUp(db, { service, startNs, endNs }, selection, limitKeys),
    compareValues: ({ by, service, startNs, endNs }) => compareValues(by, service ?? null, valueSamples(db, { service, startNs, endNs }, by), coveredNs(db, { startNs, endNs })),
    diffTraces: ({ a, b }) => diffTraces(a.map(traceSpansOf), b.map(traceSpansOf)),
    flows: ({ startNs, endNs }) => flows(windowTraces(db, { startNs, endNs }), coveredNs(db, { startNs, endNs })),
    // Seconds over a big window or trace: on the read thread, so other calls answer meanwhile.
    findings: (input) => ctx.reads.run('findings', input),
  };
}
