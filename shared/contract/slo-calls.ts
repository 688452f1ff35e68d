import { z } from 'zod';
import { call } from '../contract-kit.js';
import { sloDefinition, sloName, type CanaryReport, type SloDefinition, type SloStatus, type SloSuggestion } from '../slo/types.js';
import { limit, name, timeWindow } from './schemas.js';

/** Service-level objectives on flows, their burn, and canary verdicts. */
export const sloCalls = {
  listSlos: call(z.object({})).returns<SloDefinition[]>(),

  /** Adds or replaces an SLO by name; its minutes are filled from the spans already cached. */
  saveSlo: call(z.object({ slo: sloDefinition })).returns<SloDefinition>(),

  removeSlo: call(z.object({ name: sloName })).returns<{ removed: boolean }>(),

  /** Status of every SLO (or those named) over the window; without one, over each SLO's own cached events. */
  sloStatus: call(z.object({ names: z.array(sloName).max(1000).optional(), ...timeWindow })).returns<SloStatus[]>(),

  /** Objectives the busiest flows meet today, as a starting point. */
  suggestSlos: call(z.object({ limit: limit(10, 100), ...timeWindow })).returns<SloSuggestion[]>(),

  /** A service's requests split by an attribute (service.version by default), compared against a baseline value. */
  canary: call(
    z.object({ service: name, by: z.string().min(1).max(256).default('service.version'), baseline: z.string().min(1).max(1024).optional(), ...timeWindow }),
  ).returns<CanaryReport>(),

  /**
   * The same verdict for a view that shows it beside any service: null when the service has fewer than two values
   * of the split in the window (nothing to compare), rather than the usage error `canary` answers.
   */
  serviceCanary: call(z.object({ service: name, by: z.string().min(1).max(256).default('service.version'), ...timeWindow })).returns<CanaryReport | null>(),
};
