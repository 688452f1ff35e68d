import { diffTraces } from '../../../shared/analysis/compare/trace-diff.js';
import { flows } from '../../../shared/analysis/compare/flows.js';
import { compareValues } from '../../../shared/analysis/compare/value-compare.js';
import { detectFindings } from '../../../shared/analysis/detectors/index.js';
import type { Finding } from '../../../shared/analysis/types.js';
import type { compareCalls } from '../../../shared/contract/compare-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import type { Span } from '../../../shared/model.js';
import { bubbleUp, coveredNs, valueSamples } from '../queries/compare-queries.js';
import { searchLogs } from '../queries/logs.js';
import { getTrace } from '../queries/traces.js';
import { neighbourTraceIds, poolLogCandidates, windowTraces } from '../queries/window-spans.js';
import type { HandlerContext } from './handler-context.js';
import { idParam } from './id-param.js';

/** Largest trace read whole for a diff. */
const MAX_TRACE_SPANS = 200_000;

/**
 * A trace's findings look at its first 50k spans: reading spans as objects costs ~14 µs each, and the call runs
 * beside the waterfall's own calls on one thread (200k spans of a 1M-span trace held its rows for 6 s). Patterns
 * such as N+1 repeat through a trace, so its first 50k spans show them.
 */
const MAX_FINDINGS_SPANS = 50_000;

/** Around a trace, the traces that tell whether a pause in it repeats (the sleep detector's minTraces). */
const NEIGHBOURHOOD_NS = 30n * 60n * 1_000_000_000n;
const MAX_NEIGHBOURS = 200;
const MAX_NEIGHBOUR_SPANS = 20_000;

/** Comparisons and detector findings (shared/contract/compare-calls.ts). */
export function compareHandlers(ctx: HandlerContext): Handlers<typeof compareCalls> {
  const { db } = ctx;
  const traceSpans = (traceId: string, maxSpans = MAX_TRACE_SPANS): Span[] => {
    const { spans } = getTrace(db, idParam(traceId, 'trace'), maxSpans);
    if (spans.length === 0) throw new ApiError('not-found', `trace ${traceId} is not in the cache`);
    return spans;
  };
  /**
   * One trace's findings. Detectors that judge by repetition across traces (sleeps) are run once over this trace and
   * its neighbours — the traces nearest in time (within half an hour) that touch its services, bounded in number and
   * size so a busy cache or a million-span trace nearby cannot hold the answer (and every other call) for minutes —
   * and kept where this trace is among those they name.
   */
  const traceFindings = (asked: string): Finding[] => {
    const spans = traceSpans(asked, MAX_FINDINGS_SPANS);
    const traceId = spans[0]!.traceId; // the stored form of whatever id form was asked for
    const logs = searchLogs(db, { traceId, limit: 10_000 }).logs;
    const own = detectFindings([spans], undefined, logs).filter((f) => f.detector !== 'sleep');
    const services = [...new Set(spans.map((s) => s.service))];
    const around = neighbourTraceIds(db, {
      traceId,
      services,
      aroundNs: BigInt(spans[0]!.startNs),
      withinNs: NEIGHBOURHOOD_NS,
      limit: MAX_NEIGHBOURS,
      maxSpans: MAX_NEIGHBOUR_SPANS,
    }).map((id) => getTrace(db, id, MAX_NEIGHBOUR_SPANS).spans);
    // One trace alone is never a repetition.
    if (around.length === 0) return own;
    const ids = new Set(spans.map((s) => s.spanId));
    const repeated: Finding[] = [];
    for (const f of detectFindings([spans, ...around], undefined, [], ['sleep']).filter((f) => services.includes(f.service))) {
      const mine = f.spanIds.filter((id) => ids.has(id));
      if (mine.length > 0) repeated.push({ ...f, traceIds: [traceId], spanIds: mine });
    }
    return [...own, ...repeated];
  };
  return {
    compareAttributes: ({ selection, service, limitKeys, startNs, endNs }) => bubbleUp(db, { service, startNs, endNs }, selection, limitKeys),
    compareValues: ({ by, service, startNs, endNs }) => compareValues(by, service ?? null, valueSamples(db, { service, startNs, endNs }, by), coveredNs(db, { startNs, endNs })),
    diffTraces: ({ a, b }) => diffTraces(a.map(traceSpans), b.map(traceSpans)),
    flows: ({ startNs, endNs }) => flows(windowTraces(db, { startNs, endNs }), coveredNs(db, { startNs, endNs })),
    findings: ({ traceId, service, startNs, endNs }) => {
      if (traceId !== undefined) return traceFindings(traceId);
      return detectFindings(windowTraces(db, { service, startNs, endNs }), undefined, poolLogCandidates(db, { service, startNs, endNs }));
    },
  };
}
