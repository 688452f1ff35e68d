import type { AnalysisResult } from '../../../../shared/analysis/types.js';

/** How many of the ranked suspects the graph rings: the few worth a look first, not every service with a blip. */
export const RINGED_SUSPECTS = 5;

/** Each suspect service's best rank among the first few suspects (a service can be suspected twice). */
export function suspectRanks(result: AnalysisResult | null): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const suspect of result?.suspects.slice(0, RINGED_SUSPECTS) ?? []) {
    if (!ranks.has(suspect.service)) ranks.set(suspect.service, suspect.rank);
  }
  return ranks;
}
