import { diffTraces } from '../../../shared/analysis/compare/trace-diff.js';
import { flows } from '../../../shared/analysis/compare/flows.js';
import { compareValues } from '../../../shared/analysis/compare/value-compare.js';
import type { compareCalls } from '../../../shared/contract/compare-calls.js';
import type { ParsedInputOf } from '../../../shared/contract-kit.js';
import type { Db } from '../db/open-database.js';
import type { ArrivedGraph } from '../ingest/arrived-graph.js';
import { bubbleUp, coveredNs, valueSamples } from '../queries/compare-queries.js';
import { buildFirstLook } from '../queries/first-look.js';
import { serviceGraph } from '../queries/service-graph.js';
import { findings, traceSpans } from '../queries/trace-findings.js';
import { waterfallLayout, waterfallRows } from '../queries/waterfall-calls.js';
import { modelsFor } from '../queries/waterfall-model.js';
import { windowTraces } from '../queries/window-spans.js';

type Compare<K extends keyof typeof compareCalls> = ParsedInputOf<(typeof compareCalls)[K]>;

/** Largest trace read whole for a diff. */
const MAX_DIFF_SPANS = 200_000;

/**
 * Reads that take seconds on a big cache, run on the read thread (read-thread.ts) so the calls behind them answer
 * meanwhile. Each is a plain function of a read connection and a plain input, with a plain (cloneable) answer.
 */
export const READ_CALLS = {
  /** `arrived`: what a running import has stored so far (added by the handler, never by the caller). */
  serviceGraph: (db: Db, input: { startNs?: string; endNs?: string; firstPaint?: boolean; arrived?: ArrivedGraph | null }) => serviceGraph(db, input),
  findings: (db: Db, input: Compare<'findings'>) => findings(db, input),
  compareAttributes: (db: Db, { selection, service, limitKeys, startNs, endNs }: Compare<'compareAttributes'>) =>
    bubbleUp(db, { service, startNs, endNs }, selection, limitKeys),
  compareValues: (db: Db, { by, service, startNs, endNs }: Compare<'compareValues'>) =>
    compareValues(by, service ?? null, valueSamples(db, { service, startNs, endNs }, by), coveredNs(db, { startNs, endNs })),
  diffTraces: (db: Db, { a, b }: Compare<'diffTraces'>) => {
    const read = (traceId: string) => traceSpans(db, traceId, MAX_DIFF_SPANS);
    return diffTraces(a.map(read), b.map(read));
  },
  /** Lays a big trace out as it opens; its model stays in this thread's cache for the waterfall calls below. */
  firstLook: (db: Db, { traceId }: { traceId: string }) => buildFirstLook(db, modelsFor(db), traceId),
  traceLayout: waterfallLayout,
  traceRows: waterfallRows,
  flows: (db: Db, { startNs, endNs }: Compare<'flows'>) => flows(windowTraces(db, { startNs, endNs }), coveredNs(db, { startNs, endNs })),
};

export type ReadCalls = typeof READ_CALLS;
export type ReadCallName = keyof ReadCalls;

/** Between the core and its read thread. */
export type ReadRequest = { id: number; name: ReadCallName; input: unknown };
export type ReadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; code: string | null; message: string };
