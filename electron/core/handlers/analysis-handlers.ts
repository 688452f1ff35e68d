import type { analysisCalls } from '../../../shared/contract/analysis-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import { AnalysisJobs } from '../analysis/analysis-jobs.js';

import type { HandlerContext } from './handler-context.js';

/** Root-cause ranking (shared/contract/analysis-calls.ts), computed on a thread and kept until the data changes. */
export function analysisHandlers(ctx: HandlerContext): Handlers<typeof analysisCalls> {
  const jobs = new AnalysisJobs(ctx.db, ctx.databasePath);
  return {
    analyze: (input) => jobs.analyze(input),
  };
}
