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
import { poolLogCandidates, windowTraces } from '../queries/window-spans.js';
import type { HandlerContext } from './handler-context.js';
import { idParam } from './id-param.js';

/** Largest trace read whole for a diff or a trace's findings. */
const MAX_TRACE_SPANS = 200_000;

/** Around a trace, the traces that tell whether a pause in it repeats (the sleep detector's minTraces). */
const NEIGHBOURHOOD_NS = 30n * 60n * 1_000_000_000n;

/** Comparisons and detector findings (shared/contract/compare-calls.ts). */
export function compareHandlers(ctx: HandlerContext): Handlers<typeof compareCalls> {
  const { db } = ctx;
  const traceSpans = (traceId: string): Span[] => {
    const { spans } = getTrace(db, idParam(traceId, 'trace'), MAX_TRACE_SPANS);
    if (spans.length === 0) throw new ApiError('not-found', `trace ${traceId} is not in the cache`);
    return spans;
  };
  /**
   * One trace's findings. Detectors that judge by repetition across traces (sleeps) are run on the traces of the same
   * services within half an hour, and kept where this trace is among those they name.
   */
  const traceFindings = (spans: Span[]): Finding[] => {
    const traceId = spans[0]!.traceId;
    const logs = searchLogs(db, { traceId, limit: 10_000 }).logs;
    const own = detectFindings([spans], undefined, logs).filter((f) => f.detector !== 'sleep');
    const start = BigInt(spans[0]!.startNs);
    const window = { startNs: String(start > NEIGHBOURHOOD_NS ? start - NEIGHBOURHOOD_NS : 0n), endNs: String(start + NEIGHBOURHOOD_NS) };
    const repeated: Finding[] = [];
    for (const service of new Set(spans.map((s) => s.service))) {
      const around = [...windowTraces(db, { ...window, service })].filter((t) => t[0]!.traceId !== traceId);
      const sleeps = detectFindings([spans, ...around]).filter((f) => f.detector === 'sleep' && f.service === service);
      for (const f of sleeps) {
        const ids = new Set(spans.map((s) => s.spanId));
        const mine = f.spanIds.filter((id) => ids.has(id));
        if (mine.length > 0) repeated.push({ ...f, traceIds: [traceId], spanIds: mine });
      }
    }
    return [...own, ...repeated];
  };
  return {
    compareAttributes: ({ selection, service, limitKeys, startNs, endNs }) => bubbleUp(db, { service, startNs, endNs }, selection, limitKeys),
    compareValues: ({ by, service, startNs, endNs }) => compareValues(by, service ?? null, valueSamples(db, { service, startNs, endNs }, by), coveredNs(db, { startNs, endNs })),
    diffTraces: ({ a, b }) => diffTraces(a.map(traceSpans), b.map(traceSpans)),
    flows: ({ startNs, endNs }) => flows(windowTraces(db, { startNs, endNs }), coveredNs(db, { startNs, endNs })),
    findings: ({ traceId, service, startNs, endNs }) => {
      if (traceId !== undefined) return traceFindings(traceSpans(traceId));
      return detectFindings(windowTraces(db, { service, startNs, endNs }), undefined, poolLogCandidates(db, { service, startNs, endNs }));
    },
  };
}
