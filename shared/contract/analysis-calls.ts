import { z } from 'zod';
import type { AnalysisResult } from '../analysis/types.js';
import { call } from '../contract-kit.js';
import { name, nsTime } from './schemas.js';

/** What the user asks about; everything (errors and latency alike) when omitted. */
const symptom = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any') }),
  z.object({ kind: z.literal('errors') }),
  z.object({ kind: z.literal('latency') }),
  z.object({ kind: z.literal('service'), service: name, operation: name.optional() }),
  z.object({ kind: z.literal('edge'), source: name, target: name }),
]);

/**
 * An analysis runs on a worker thread and is kept per window, symptom and baseline until new data arrives.
 * `running` comes with the partial result so far (error origins first), which a view can show while the rest runs.
 */
export interface AnalysisResponse {
  state: 'running' | 'done' | 'failed';
  result: AnalysisResult | null;
  error: string | null;
  /** Spans read (whole traces are sampled past a bound) and the traces in the window. */
  spansRead: number;
  tracesRead: number;
  traces: number;
  /** While running: the result shown is a first look at a sample of whole traces (the whole ranking follows). */
  preview: boolean;
  elapsedMs: number;
}

/** Root-cause ranking (shared/analysis). */
export const analysisCalls = {
  analyze: call(
    z
      .object({
        /** The window; the whole cache when omitted. */
        startNs: nsTime.optional(),
        endNs: nsTime.optional(),
        symptom: symptom.default({ kind: 'any' }),
        baselineStartNs: nsTime.optional(),
        baselineEndNs: nsTime.optional(),
        /** Answer only once the analysis is done (the CLI); else at once, with the partial result so far. */
        wait: z.boolean().default(false),
      })
      .refine((v) => (v.baselineStartNs === undefined) === (v.baselineEndNs === undefined), 'a baseline needs both baselineStartNs and baselineEndNs'),
  ).returns<AnalysisResponse>(),
};
