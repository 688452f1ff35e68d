import type { compareCalls } from '../../../shared/contract/compare-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import type { HandlerContext } from './handler-context.js';

/**
 * Comparisons and detector findings (shared/contract/compare-calls.ts): each reads a window's or trace's spans, which
 * takes seconds on a big cache, so all run on the read thread (read-calls.ts) while other calls answer.
 */
export function compareHandlers(ctx: HandlerContext): Handlers<typeof compareCalls> {
  const { reads } = ctx;
  return {
    compareAttributes: (input) => reads.run('compareAttributes', input),
    compareValues: (input) => reads.run('compareValues', input),
    diffTraces: (input) => reads.run('diffTraces', input),
    flows: (input) => reads.run('flows', input),
    findings: (input) => reads.run('findings', input),
  };
}
