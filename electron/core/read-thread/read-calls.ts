import type { Db } from '../db/open-database.js';
import { serviceGraph } from '../queries/service-graph.js';
import { findings, type FindingsInput } from '../queries/trace-findings.js';

/**
 * Reads that take seconds on a big cache, run on the read thread (read-thread.ts) so the calls behind them answer
 * meanwhile. Each is a plain function of a read connection and a plain input, with a plain (cloneable) answer.
 */
export const READ_CALLS = {
  serviceGraph: (db: Db, input: { startNs?: string; endNs?: string }) => serviceGraph(db, input),
  findings: (db: Db, input: FindingsInput) => findings(db, input),
};

export type ReadCalls = typeof READ_CALLS;
export type ReadCallName = keyof ReadCalls;

/** Between the core and its read thread. */
export type ReadRequest = { id: number; name: ReadCallName; input: unknown };
export type ReadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; code: string | null; message: string };
