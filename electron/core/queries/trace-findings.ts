import { detectFindings } from '../../../shared/analysis/detectors/index.js';
import type { Finding } from '../../../shared/analysis/types.js';
import { ApiError } from '../../../shared/contract-kit.js';
import type { Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { idParam } from '../handlers/id-param.js';
import { searchLogs } from './logs.js';
import { getTrace } from './traces.js';
import { neighbourTraceIds, poolLogCandidates, windowTraces } from './window-spans.js';

/**
 * A trace's findings look at its first 50k spans: reading spans as objects costs ~14 µs each (200k spans of a
 * 1M-span trace took 6 s). Patterns such as N+1 repeat through a trace, so its first 50k spans show them.
 */
const MAX_FINDINGS_SPANS = 50_000;

/** Around a trace, the traces that tell whether a pause in it repeats (the sleep detector's minTraces). */
const NEIGHBOURHOOD_NS = 30n * 60n * 1_000_000_000n;
const MAX_NEIGHBOURS = 200;
const MAX_NEIGHBOUR_SPANS = 20_000;

export interface FindingsInput {
  traceId?: string;
  service?: string;
  startNs?: string;
  endNs?: string;
}

/** Anti-pattern findings of one trace, or of every trace in a window (shared/contract/compare-calls.ts). */
export function findings(db: Db, { traceId, service, startNs, endNs }: FindingsInput): Finding[] {
  if (traceId !== undefined) return traceFindings(db, traceId);
  return detectFindings(windowTraces(db, { service, startNs, endNs }), undefined, poolLogCandidates(db, { service, startNs, endNs }));
}

/**
 * One trace's findings. Detectors that judge by repetition across traces (sleeps) are run once over this trace and
 * its neighbours — the traces nearest in time (within half an hour) that touch its services, bounded in number and
 * size so a busy cache or a million-span trace nearby cannot hold the answer for minutes — and kept where this
 * trace is among those they name.
 */
function traceFindings(db: Db, asked: string): Finding[] {
  const spans = traceSpans(db, asked, MAX_FINDINGS_SPANS);
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
}

/** A trace's spans (its first `maxSpans`), or not-found. */
export function traceSpans(db: Db, traceId: string, maxSpans: number): Span[] {
  const { spans } = getTrace(db, idParam(traceId, 'trace'), maxSpans);
  if (spans.length === 0) throw new ApiError('not-found', `trace ${traceId} is not in the cache`);
  return spans;
}
