import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import type { sloCalls } from '../../../shared/contract/slo-calls.js';
import { CanaryUsageError } from '../../../shared/slo/canary.js';
import { canaryReport } from '../queries/canary.js';
import { sloStatuses } from '../queries/slo-status.js';
import { sloSuggestions } from '../queries/slo-suggestions.js';
import { readSlos } from '../slo/slo-store.js';
import type { HandlerContext } from './handler-context.js';

/**
 * SLOs and canary verdicts (shared/contract/slo-calls.ts). Definitions are read from the connection these handlers
 * answer from (a cache, or an opened casefile); saving and removing write the cache through its store.
 */
export function sloHandlers(ctx: HandlerContext): Handlers<typeof sloCalls> {
  const { db, slos } = ctx;
  return {
    listSlos: () => readSlos(db),
    saveSlo: (input) => slos.save(input.slo),
    removeSlo: async (input) => ({ removed: await slos.remove(input.name) }),
    sloStatus: (input) => {
      const all = readSlos(db);
      const unknown = (input.names ?? []).filter((n) => !all.some((s) => s.name === n));
      if (unknown.length > 0) throw new ApiError('not-found', `no SLO named ${unknown.join(', ')}; SLOs: ${all.map((s) => s.name).join(', ') || 'none'}`);
      const chosen = input.names === undefined ? all : all.filter((s) => input.names!.includes(s.name));
      return sloStatuses(db, chosen, input);
    },
    suggestSlos: (input) => sloSuggestions(db, input, input.limit),
    serviceCanary: (input) => {
      try {
        return canaryReport(db, input, readSlos(db));
      } catch (error) {
        if (error instanceof CanaryUsageError && error.tooFewValues) return null;
        throw error;
      }
    },
    canary: (input) => {
      try {
        return canaryReport(db, input, readSlos(db));
      } catch (error) {
        if (error instanceof CanaryUsageError) throw new ApiError('invalid-input', error.message);
        throw error;
      }
    },
  };
}
