import type { AnalysisResult } from '../../../../shared/analysis/types.js';
import type { FleetReport } from '../../../../shared/fleet/types.js';

/** How many of the ranked suspects the graph rings: the few worth a look first, not every service with a blip. */
export const RINGED_SUSPECTS = 5;

/**
 * Each suspect service's best rank among the first few suspects (a service can be suspected twice): Investigate's
 * over the cached traces when it has ranked the window, else the fleet's over the backend's aggregates.
 */
export function suspectRanks(result: AnalysisResult | null, fleet: FleetReport | null = null): Map<string, number> {
  const ranks = new Map<string, number>();
  const suspects = result !== null && result.suspects.length > 0 ? result.suspects : (fleet?.suspects ?? []);
  for (const suspect of suspects.slice(0, RINGED_SUSPECTS)) {
    if (!ranks.has(suspect.service)) ranks.set(suspect.service, suspect.rank);
  }
  return ranks;
}
